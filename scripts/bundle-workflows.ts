/**
 * `npm run bundle [file]`: bundles the workflow code once, so that workers start in a moment
 * (WORKFLOW_BUNDLE=<file>) instead of bundling on every start.
 */
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { WORKFLOWS_PATH } from '../worker/create-worker';

export async function writeWorkflowBundle(file: string): Promise<string> {
  const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: new DefaultLogger('WARN') });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Written aside and renamed, so a worker starting meanwhile never loads half a file.
  const partial = `${file}.${process.pid}.partial`;
  fs.writeFileSync(partial, code);
  fs.renameSync(partial, file);
  return file;
}

if (require.main === module) {
  const file = path.resolve(process.argv[2] ?? 'dist/workflow-bundle.js');
  writeWorkflowBundle(file)
    .then(() => console.log(`wrote ${file}; start workers with WORKFLOW_BUNDLE=${file}`))
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
