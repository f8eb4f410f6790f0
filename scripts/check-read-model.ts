/**
 * `npm run read-model:check [-- --report-only] [-- --case <id>…]`: the read model's check, on
 * demand (a worker runs it when it starts). Finds the cases whose read model is behind their
 * workflow, brings each up to date from its history unless --report-only, and prints each one.
 * Exits 1 while any case stays behind or could not be checked; its line says why and
 * docs/operations.md what to do.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../runtime/config';
import { connectClient } from '../runtime/temporal';
import { openDb } from '../store/db';
import { checkReadModel } from '../worker/read-model-check';
import { readModelCheckBundleFor } from '../worker/workflow-bundle';

const say = (line: string) => console.log(`[read-model:check] ${line}`);
const problemsOnly = {
  info: () => undefined,
  warn: (fields: object, message: string) => 'err' in fields && say(`${message}: ${JSON.stringify(fields)}`),
};

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { 'report-only': { type: 'boolean', default: false }, case: { type: 'string', multiple: true } } });
  const config = loadConfig();
  const db = await openDb(config);
  const client = await connectClient(config);
  try {
    const result = await checkReadModel({ client, db, taskQueue: config.taskQueue, workflowBundle: () => readModelCheckBundleFor(config), log: problemsOnly, repair: !values['report-only'], caseIds: values.case });
    for (const g of result.gaps) {
      const where = `${g.caseId}: read model at revision ${g.readRevision ?? 'none (no row)'}, workflow at ${g.workflowRevision}`;
      say(g.repairedAt ? `${where}; brought up to date` : g.problem ? `${where}; cannot be brought up to date: ${g.problem}` : `${where}; behind`);
    }
    const left = result.gaps.filter((g) => !g.repairedAt).length;
    say(`${result.checked} cases checked, ${result.unchecked} could not be, ${result.gaps.length} behind, ${left} still behind`);
    return left === 0 && result.unchecked === 0 ? 0 : 1;
  } finally {
    await client.connection.close();
    await db.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`[read-model:check] failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  },
);
