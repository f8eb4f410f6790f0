/**
 * `npm run chaos`: drives cases through their lives while the worker is killed every few seconds,
 * the Temporal server is stopped and started twice on the same file, and SMTP is down for a
 * minute; then checks that nothing was lost. Then the variant with two API processes and two
 * workers, commands to each case sent through both (two-of-each.ts). `--small` runs 20 cases and
 * one fault of each kind, then 6 cases through two of each. Exits non-zero on any loss; stops by
 * itself within 25 minutes.
 */
import { publishDefinition } from '../test/helpers/system';
import { startCluster, type Cluster } from './cluster';
import { chaosCase } from './definition';
import { createDriver } from './driver';
import { runTwoOfEach, TWO_OF_EACH_FULL, TWO_OF_EACH_SMALL } from './two-of-each';
import { verifyCase, verifyEmails, verifyProjection, type Findings } from './verify';

export interface ChaosOptions {
  cases: number;
  concurrency: number;
  workerKillEveryMs: number;
  serverRestarts: number;
  smtpDownMs: number;
  limitMs: number;
  log: (line: string) => void;
}

export const FULL: Omit<ChaosOptions, 'log'> = { cases: 200, concurrency: 16, workerKillEveryMs: 8000, serverRestarts: 2, smtpDownMs: 60_000, limitMs: 14 * 60_000 };
export const SMALL: Omit<ChaosOptions, 'log'> = { cases: 20, concurrency: 8, workerKillEveryMs: 0, serverRestarts: 1, smtpDownMs: 5000, limitMs: 5 * 60_000 };

/** After the last command, how long cases may take to send their last e-mails and end. */
const END_WAIT_MS = 4 * 60_000;

export interface ChaosResult extends Findings {
  ok: boolean;
  seconds: number;
  workerKills: number;
  serverRestarts: number;
  statuses: Record<string, number>;
  retries: number;
}

async function faults(cluster: Cluster, o: ChaosOptions, progress: () => number, done: () => boolean) {
  let kills = 0;
  let restarts = 0;
  const started = Date.now();
  o.log(`SMTP down for ${o.smtpDownMs / 1000}s`);
  await cluster.smtp.stop();
  let smtpUp = false;
  const milestones = Array.from({ length: o.serverRestarts }, (_, i) => (i + 1) / (o.serverRestarts + 1));
  let lastKill = Date.now();
  while (!done() || !smtpUp) {
    await new Promise((r) => setTimeout(r, 250));
    if (!smtpUp && Date.now() - started >= o.smtpDownMs) {
      await cluster.smtp.start();
      smtpUp = true;
      o.log('SMTP back');
    }
    if (done()) continue;
    const everyMs = o.workerKillEveryMs || 3000;
    if ((o.workerKillEveryMs > 0 || kills === 0) && Date.now() - lastKill >= everyMs) {
      cluster.killWorker();
      kills++;
      lastKill = Date.now();
    }
    if (restarts < milestones.length && progress() >= milestones[restarts]) {
      const hard = restarts % 2 === 0;
      o.log(`stopping the Temporal server (${hard ? 'SIGKILL' : 'SIGTERM'}) at ${Math.round(progress() * 100)}% of cases`);
      await cluster.restartServer(hard, 2000);
      restarts++;
      o.log('Temporal server back');
    }
  }
  return { kills, restarts };
}

export async function runChaos(o: ChaosOptions): Promise<ChaosResult> {
  const started = Date.now();
  const deadline = started + o.limitMs;
  const cluster = await startCluster((db) => publishDefinition(db, chaosCase).then(() => undefined), o.log);
  try {
    const run = started.toString(36);
    const driver = createDriver(cluster.url, cluster.headers, run, deadline);
    const ids: string[] = [];
    let finished = 0;
    let next = 0;
    const lane = async () => {
      while (next < o.cases) {
        const n = ++next;
        const id = await driver.openCase(n);
        ids.push(id);
        await driver.runCase(id);
        finished++;
      }
    };
    const driving = Promise.all(Array.from({ length: o.concurrency }, lane));
    let drivingDone = false;
    void driving.finally(() => (drivingDone = true)).catch(() => undefined);
    const [{ kills, restarts }] = await Promise.all([faults(cluster, o, () => finished / o.cases, () => drivingDone), driving]);
    o.log(`${finished} cases driven; ${kills} worker kills, ${restarts} server restarts; checking`);

    const problems = [...driver.tally.unexpected];
    // A closed case still sends its last e-mails and makes its report; wait for its workflow to end.
    const waitMs = Math.max(1000, Math.min(END_WAIT_MS, deadline - Date.now()));
    const ended = await Promise.allSettled(
      ids.map((id) => Promise.race([cluster.client.workflow.getHandle(id).result(), new Promise((_, no) => setTimeout(() => no(new Error(`not ended ${waitMs / 1000}s after the last command`)), waitMs))])),
    );
    ended.forEach((r, i) => r.status === 'rejected' && problems.push(`${ids[i]}: its workflow did not end: ${String(r.reason)}`));
    let trailEntries = 0;
    for (const id of ids) {
      try {
        trailEntries += await verifyCase(cluster.url, cluster.headers, id, problems);
        await verifyProjection(cluster.db, id, problems);
      } catch (err) {
        problems.push(`${id}: could not be read: ${(err as Error).message}`);
      }
    }
    const emails = await verifyEmails(cluster.smtp, ids, Math.max(0, deadline - Date.now()), problems);
    if (ids.length !== o.cases) problems.push(`${ids.length} cases opened, expected ${o.cases}`);
    return {
      ok: problems.length === 0,
      problems,
      cases: ids.length,
      trailEntries,
      emails,
      seconds: Math.round((Date.now() - started) / 1000),
      workerKills: kills,
      serverRestarts: restarts,
      statuses: driver.tally.statuses,
      retries: driver.tally.retries,
    };
  } finally {
    await cluster.stop();
  }
}

if (require.main === module) {
  const small = process.argv.includes('--small');
  const killEvery = process.argv.indexOf('--kill-every');
  const options = { ...(small ? SMALL : FULL), ...(killEvery > 0 ? { workerKillEveryMs: Number(process.argv[killEvery + 1]) } : {}), log: (line: string) => console.log(`[chaos ${new Date().toISOString().slice(11, 19)}] ${line}`) };
  const variant = { ...(small ? TWO_OF_EACH_SMALL : TWO_OF_EACH_FULL), log: options.log };
  const stopAt = setTimeout(() => {
    console.error('the fault run did not finish within its time limit');
    process.exit(2);
  }, options.limitMs + variant.limitMs + 60_000);
  (async () => {
    const r = await runChaos(options);
    console.log(JSON.stringify({ ...r, problems: r.problems.slice(0, 50) }, null, 2));
    console.log(r.ok ? 'no loss: every check passed' : `${r.problems.length} problems`);
    const v = await runTwoOfEach(variant);
    console.log(JSON.stringify({ variant: 'two APIs, two workers', ...v, problems: v.problems.slice(0, 50) }, null, 2));
    console.log(v.ok ? 'two of each: every check passed' : `two of each: ${v.problems.length} problems`);
    clearTimeout(stopAt);
    process.exit(r.ok && v.ok ? 0 : 1);
  })().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
