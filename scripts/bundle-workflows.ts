/**
 * `npm run bundle [file] [--tracing]`: bundles the workflow code once, so that workers start in a
 * moment (WORKFLOW_BUNDLE=<file>) instead of bundling on every start. `--tracing` adds the
 * OpenTelemetry workflow interceptors, for workers that send traces. `--record-capture` makes the
 * code the read model's check replays cases with (worker/read-model-check.ts), never a worker's.
 */
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { BUNDLER_OPTIONS, latin1Source } from '../worker/bundler-options';
import { WORKFLOWS_PATH } from '../worker/create-worker';
import { RECORD_CAPTURE_MODULE } from '../worker/read-model-check';

/** The workflow side of Temporal's OpenTelemetry interceptors: spans of the workflow, carried to its activities. */
export const TRACING_INTERCEPTORS = require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors');

export async function writeWorkflowBundle(file: string, options: { tracing?: boolean; recordCapture?: boolean } = {}): Promise<string> {
  const workflowInterceptorModules = [...(options.tracing ? [TRACING_INTERCEPTORS] : []), ...(options.recordCapture ? [RECORD_CAPTURE_MODULE] : [])];
  const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, workflowInterceptorModules, ...BUNDLER_OPTIONS, logger: new DefaultLogger('WARN') });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Written aside and renamed, so a worker starting meanwhile never loads half a file.
  const partial = `${file}.${process.pid}.partial`;
  fs.writeFileSync(partial, latin1Source(code));
  fs.renameSync(partial, file);
  return file;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const file = path.resolve(args.find((a) => !a.startsWith('--')) ?? 'dist/workflow-bundle.js');
  writeWorkflowBundle(file, { tracing: args.includes('--tracing'), recordCapture: args.includes('--record-capture') })
    .then(() => console.log(`wrote ${file}; start workers with WORKFLOW_BUNDLE=${file}`))
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
