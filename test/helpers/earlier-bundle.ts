/**
 * The workflow code of an earlier commit, bundled, to run cases as a version before ran them and
 * then upgrade them to today's code. The commit's files come from the repository's history.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger, type WorkflowBundleOption } from '@temporalio/worker';

const ROOT = path.resolve(__dirname, '..', '..');
/** What the workflow bundle is made of; activities, the store and the API reach it as types only. */
const WORKFLOW_SOURCES = ['workflows', 'common', 'definitions'];

export async function bundleAt(commit: string): Promise<WorkflowBundleOption> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casework-earlier-'));
  try {
    const archive = path.join(dir, 'sources.tar');
    try {
      execFileSync('git', ['-C', ROOT, 'archive', '--format=tar', '-o', archive, commit, ...WORKFLOW_SOURCES], { stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (err) {
      throw new Error(`commit ${commit} is not in this clone's history (${String((err as { stderr?: Buffer }).stderr ?? err).trim()}); fetch it, e.g. git fetch --unshallow`);
    }
    execFileSync('tar', ['-xf', archive, '-C', dir]);
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    const { code } = await bundleWorkflowCode({ workflowsPath: path.join(dir, 'workflows'), logger: new DefaultLogger('WARN') });
    return { code };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
