/**
 * The workflow code a worker runs. Bundling takes webpack, which would stay in the worker's memory
 * for as long as it runs (about 90 MB), so a worker without WORKFLOW_BUNDLE has a short-lived
 * process bundle the code into the data directory, and loads that file.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { WorkflowBundleOption } from '@temporalio/worker';

const ROOT = path.resolve(__dirname, '..');

export async function workflowBundleFor(config: { dataDir: string; workflowBundle?: string; tracing?: { endpoint?: string } }): Promise<WorkflowBundleOption> {
  if (config.workflowBundle) return { codePath: config.workflowBundle };
  const tracing = config.tracing?.endpoint !== undefined;
  return bundleInChild(path.join(config.dataDir, tracing ? 'workflow-bundle.tracing.js' : 'workflow-bundle.js'), tracing ? ['--tracing'] : []);
}

/** The workflow code the read model's check replays cases with (worker/read-model-check.ts). */
export function readModelCheckBundleFor(config: { dataDir: string }): Promise<WorkflowBundleOption> {
  return bundleInChild(path.join(config.dataDir, 'workflow-bundle.read-model-check.js'), ['--record-capture']);
}

async function bundleInChild(file: string, flags: string[]): Promise<WorkflowBundleOption> {
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'bundle-workflows.ts'), file, ...flags], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`bundling the workflow code failed (${signal ?? `exit code ${code}`})`))));
  });
  return { codePath: file };
}
