/**
 * Replays the recorded histories of whole cases against today's workflow code: a change that would
 * break running cases (a command reordered, a timer added without patched()) fails here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { getBundle, quietRuntime } from '../helpers/temporal-env';

const DIR = path.join(__dirname, '..', 'fixtures', 'histories');

describe('replay: recorded case histories still replay on the current workflow code', () => {
  const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();

  it('has recorded histories to replay', () => {
    expect(files.length).to.be.at.least(3);
  });

  it('replays every one without a nondeterminism error', async () => {
    quietRuntime();
    const histories = files.map((file) => ({
      workflowId: file.replace(/\.json$/, ''),
      history: historyFromJSON(JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8'))),
    }));
    const results = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: await getBundle() }, histories)) {
      results.push({ id: result.workflowId, error: result.error?.message });
    }
    expect(results).to.deep.equal(histories.map((h) => ({ id: h.workflowId, error: undefined })));
  });
});
