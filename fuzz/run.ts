/**
 * `npm run fuzz -- --requests 10000 [--concurrency 16] [--seed 42] [--minutes 15] [--examples 200]`:
 * requests made from the OpenAPI document, good and broken, against a system of its own on
 * loopback; then a full Schemathesis run (every phase, stateful included, `--examples` per
 * operation) under schemathesis.toml. Exits non-zero on any failure of either.
 */
import { parseArgs } from 'node:util';
import { runFuzz } from './fuzz';
import { summary } from './report';
import { teardownEnvs } from '../test/helpers/temporal-env';
import { startSystem } from '../test/helpers/system';
import { quickCase } from '../test/fixtures/definitions';
import { intake } from '../test/helpers/cases';
import { runSchemathesis } from './schemathesis';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '10000' },
    concurrency: { type: 'string', default: '16' },
    seed: { type: 'string', default: String(Date.now() % 1_000_000) },
    minutes: { type: 'string', default: '15' },
    examples: { type: 'string', default: '200' },
  },
});

async function main() {
  const seed = Number(values.seed);
  console.log(`fuzz: seed ${seed} (pass --seed ${seed} to repeat this run)`);
  const result = await runFuzz({
    requests: Number(values.requests),
    concurrency: Number(values.concurrency),
    limitMs: Number(values.minutes) * 60_000,
    seed,
    trailSampleEvery: 4,
    log: (line) => console.log(`fuzz: ${line}`),
  });
  console.log(summary(result));
  const sys = await startSystem({ definitions: [quickCase] });
  console.log(`fuzz: schemathesis, ${values.examples} examples per operation, every phase`);
  // The stateful phase opens real cases with this body and follows the document's links from them.
  const openCase = { definition: quickCase.key, title: 'Opened by schemathesis', intake };
  const st = await runSchemathesis({ url: sys.url, adminKey: sys.admin.key, maxExamples: Number(values.examples), seed, openCase, log: (line) => console.log(line) });
  await sys.stop();
  await teardownEnvs();
  process.exit(result.failures.length === 0 && st.exitCode === 0 ? 0 : 1);
}

main().catch(async (err) => {
  console.error(err);
  await teardownEnvs().catch(() => undefined);
  process.exit(2);
});
