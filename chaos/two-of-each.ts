/**
 * The fault run's variant with two of each: two API processes and two workers against one Temporal
 * server and one database. Each case is driven through both APIs at once: every step goes to both
 * (with one Idempotency-Key, so it is one command), and notes go to both beside it, so commands to
 * one case reach it together from two processes, while a low history limit makes cases roll over
 * under them and one worker is restarted midway. Then: every accepted note is in the trail once,
 * every case is where its steps led it with its chain verifying, every e-mail arrived once, and
 * every run of every case replays on the workflow code.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { publishDefinition } from '../test/helpers/system';
import { startCluster, type Cluster } from './cluster';
import { chaosCase, STEPS } from './definition';
import { createSender, newTally, sleep, type Send, type Tally } from './driver';
import { verifyCase, verifyEmails } from './verify';

export interface TwoOfEachOptions {
  cases: number;
  /** Notes each API sends beside each step. */
  notesPerStep: number;
  historyLimit: number;
  limitMs: number;
  log: (line: string) => void;
}

export const TWO_OF_EACH_SMALL: Omit<TwoOfEachOptions, 'log'> = { cases: 6, notesPerStep: 1, historyLimit: 50, limitMs: 3 * 60_000 };
export const TWO_OF_EACH_FULL: Omit<TwoOfEachOptions, 'log'> = { cases: 40, notesPerStep: 2, historyLimit: 50, limitMs: 10 * 60_000 };

export interface TwoOfEachResult {
  ok: boolean;
  problems: string[];
  cases: number;
  notes: number;
  rollOvers: number;
  runsReplayed: number;
  workerRestarts: number;
  emails: number;
  seconds: number;
  statuses: Record<string, number>;
  slow: string[];
}

/** Drives one case through both APIs; returns the texts of the notes the APIs accepted. */
async function driveCase(id: string, apis: Send[], o: TwoOfEachOptions, tally: Tally, stepDone: () => void): Promise<string[]> {
  const notes: string[] = [];
  const note = async (api: Send, text: string, key: string, closing: boolean) => {
    const res = await api('POST', `/cases/${id}/notes`, { text }, key);
    if (res.status === 200) notes.push(text);
    // A note beside the step that closes the case may come after it: the case then refuses it.
    else if (!(closing && res.status === 409)) tally.unexpected.push(`${id}: note '${text}' answered ${res.status} ${JSON.stringify(res.body)}`);
  };
  for (const [i, step] of STEPS.entries()) {
    if ('waitFor' in step) {
      while ((await apis[i % 2]('GET', `/cases/${id}`)).body?.phase !== step.waitFor) await sleep(200);
    }
    const sendStep = (api: Send) => api('POST', `/cases/${id}/${step.path}`, step.body, `${id}-step-${i}`);
    const besides = apis.flatMap((api, a) => Array.from({ length: o.notesPerStep }, (_, n) => note(api, `step ${i} api ${a + 1} note ${n + 1}`, `${id}-note-${i}-${a + 1}-${n + 1}`, step.phase === 'closed')));
    const [first, second] = await Promise.all([sendStep(apis[0]), sendStep(apis[1]), ...besides]);
    for (const res of [first, second]) {
      if (res.status !== 200) tally.unexpected.push(`${id} step ${i} (${step.path}): ${res.status} ${JSON.stringify(res.body)}`);
      else if (res.body.phase !== step.phase) tally.unexpected.push(`${id} step ${i}: answered phase ${res.body.phase}, expected ${step.phase}`);
    }
    if (first.status !== 200) return notes;
    stepDone();
  }
  return notes;
}

/** The texts of a case's notes in its trail, as many times as each was recorded. */
async function notesInTrail(cluster: Cluster, id: string): Promise<string[]> {
  const res = await fetch(`${cluster.url}/cases/${id}/events`, { headers: cluster.headers });
  const { items: trail } = (await res.json()) as { items: { type: string; data: { text?: string } }[] };
  return trail.filter((e) => e.type === 'note_added').map((e) => e.data.text ?? '');
}

/** Every run of the case, oldest first. */
async function historiesOf(cluster: Cluster, id: string) {
  const runs = [];
  const latest = await cluster.client.workflow.getHandle(id).fetchHistory();
  for (let runId = latest.events?.[0]?.workflowExecutionStartedEventAttributes?.firstExecutionRunId; runId; ) {
    const history = await cluster.client.workflow.getHandle(id, runId).fetchHistory();
    runs.push({ workflowId: `${id} run ${runs.length + 1}`, history });
    const last = history.events?.[history.events.length - 1];
    runId = last?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
  }
  return runs;
}

export async function runTwoOfEach(o: TwoOfEachOptions): Promise<TwoOfEachResult> {
  const started = Date.now();
  const deadline = started + o.limitMs;
  const cluster = await startCluster((db) => publishDefinition(db, chaosCase).then(() => undefined), o.log, { workers: 2, apiProcesses: 2, historyLimit: o.historyLimit });
  try {
    o.log(`two APIs (${cluster.urls.join(', ')}) and two workers up after ${Math.round((Date.now() - started) / 1000)} s`);
    const tally = newTally();
    const apis = cluster.urls.map((url) => createSender(url, cluster.headers, tally, deadline));
    const run = started.toString(36);
    const problems: string[] = [];
    const accepted = new Map<string, string[]>();
    let steps = 0;
    let killed = false;
    // A third of the way, one of the two workers is restarted, as a deployment does: its cases
    // move to the other worker, or to its restarted self.
    const stepDone = () => {
      if (++steps < (o.cases * STEPS.length) / 3 || killed) return;
      killed = true;
      cluster.restartWorker();
    };
    const drive = async (n: number) => {
      const intake = { client_name: `Client ${n}`, client_email: `client-${run}-${n}@example.org`, eligible: true };
      const opened = await apis[n % 2]('POST', '/cases', { definition: 'chaos-case', title: `Case ${n}`, intake }, `${run}-open-${n}`);
      if (opened.status !== 201) throw new Error(`opening case ${n} answered ${opened.status}: ${JSON.stringify(opened.body)}`);
      accepted.set(opened.body.id, await driveCase(opened.body.id, apis, o, tally, stepDone));
    };
    await Promise.all(Array.from({ length: o.cases }, (_, i) => drive(i + 1)));
    o.log(`${o.cases} cases driven through both APIs after ${Math.round((Date.now() - started) / 1000)} s; checking`);
    problems.push(...tally.unexpected);

    const ids = [...accepted.keys()];
    const waitMs = Math.max(1000, deadline - Date.now());
    const ended = await Promise.allSettled(ids.map((id) => Promise.race([cluster.client.workflow.getHandle(id).result(), sleep(waitMs).then(() => Promise.reject(new Error('its workflow did not end')))])));
    ended.forEach((r, i) => r.status === 'rejected' && problems.push(`${ids[i]}: ${String(r.reason)}`));

    let rollOvers = 0;
    let runsReplayed = 0;
    const replayable = [];
    for (const id of ids) {
      await verifyCase(cluster.url, cluster.headers, id, problems);
      const inTrail = await notesInTrail(cluster, id);
      for (const text of accepted.get(id) ?? []) {
        const times = inTrail.filter((t) => t === text).length;
        if (times !== 1) problems.push(`${id}: the accepted note '${text}' is in the trail ${times} times`);
      }
      if (inTrail.length !== accepted.get(id)?.length) problems.push(`${id}: ${inTrail.length} notes in the trail, ${accepted.get(id)?.length} accepted`);
      const runs = await historiesOf(cluster, id);
      rollOvers += runs.length - 1;
      replayable.push(...runs);
    }
    for await (const result of Worker.runReplayHistories({ workflowBundle: { codePath: cluster.bundlePath } }, replayable)) {
      runsReplayed++;
      if (!result.error) continue;
      // Kept for a look at what went wrong: the history replays with `Worker.runReplayHistory`.
      const file = path.join(os.tmpdir(), `casework-chaos-${result.workflowId.replace(/\W+/g, '-')}.json`);
      const { history } = replayable.find((r) => r.workflowId === result.workflowId)!;
      fs.writeFileSync(file, historyToJSON(history));
      problems.push(`${result.workflowId} does not replay (history in ${file}): ${result.error.message}`);
    }
    if (rollOvers === 0) problems.push('no case rolled over: the history limit did not bite');
    const emails = await verifyEmails(cluster.smtp, ids, Math.max(0, deadline - Date.now()), problems);
    return {
      ok: problems.length === 0,
      problems,
      cases: ids.length,
      notes: [...accepted.values()].reduce((n, texts) => n + texts.length, 0),
      rollOvers,
      runsReplayed,
      workerRestarts: killed ? 1 : 0,
      emails,
      seconds: Math.round((Date.now() - started) / 1000),
      statuses: tally.statuses,
      slow: tally.slow,
    };
  } finally {
    await cluster.stop();
  }
}
