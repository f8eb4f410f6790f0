/**
 * What `bench/sandbox.ts` and `bench/server-share.ts` measure on: a dev server, a fresh SQLite
 * read model holding the benchmark's definition, and two workers in this process, one for cases and
 * one for the floor's workflow, both polling while `work` runs. Everything is torn down after.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { createCaseService, type CaseService } from '../api/case-service';
import { createActivities } from '../activities';
import type { Actor } from '../common/case-types';
import * as m from '../common/messages';
import { CASE_SEARCH_ATTRIBUTES } from '../common/search-attributes';
import { createMailer } from '../runtime/mailer';
import { ensureTemporalCli } from '../scripts/provision-temporal';
import { openDb, type Db } from '../store/db';
import { BUNDLER_OPTIONS } from '../worker/bundler-options';
import { WORKFLOWS_PATH } from '../worker/create-worker';
import { BENCH_DEFINITION, intake, publishBenchDefinition } from './definition';
import type { BaselineActivities } from './noop-workflow';

export interface InProcess {
  env: TestWorkflowEnvironment;
  db: Db;
  service: CaseService;
  actor: Actor;
  caseQueue: string;
  floorQueue: string;
}

export interface InProcessOptions {
  /** Names the temporary directory and the task queues. */
  name: string;
  /** Arguments for the dev server beyond the search attributes. */
  serverArgs?: string[];
  /** Runs the workflows on this thread (the SDK's debug mode), where they can be counted. */
  debugMode?: boolean;
  floorActivities: BaselineActivities;
}

export async function inProcess<T>(o: InProcessOptions, work: (sys: InProcess) => Promise<T>): Promise<T> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `casework-${o.name}-`));
  const env = await TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: ensureTemporalCli() }, searchAttributes: CASE_SEARCH_ATTRIBUTES, extraArgs: o.serverArgs },
  });
  const db = await openDb({ dataDir });
  try {
    await publishBenchDefinition(db);
    const caseQueue = `${o.name}-cases`;
    const floorQueue = `${o.name}-floor`;
    const cases = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: caseQueue,
      workflowsPath: WORKFLOWS_PATH,
      bundlerOptions: BUNDLER_OPTIONS,
      activities: createActivities({ db, mailer: createMailer('smtp://127.0.0.1:9', 'casework@localhost') }),
      debugMode: o.debugMode,
    });
    const floor = await Worker.create({ connection: env.nativeConnection, taskQueue: floorQueue, workflowsPath: require.resolve('./noop-workflow'), activities: o.floorActivities, debugMode: o.debugMode });
    const service = createCaseService({ client: env.client, db, taskQueue: caseQueue });
    const actor: Actor = { id: 'admin', roles: ['admin'], teams: [] };
    return await floor.runUntil(cases.runUntil(() => work({ env, db, service, actor, caseQueue, floorQueue })));
  } finally {
    await db.destroy();
    await env.teardown();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Opens a case and brings it to implementation: screening, a low-risk assessment, the template plan. */
export async function caseInImplementation({ service, actor }: InProcess, title: string): Promise<string> {
  const { id } = await service.open({ definition: BENCH_DEFINITION, title, intake }, actor);
  await service.command(id, m.screenUpdate, { decision: 'accept', reason: 'Meets the criteria' }, actor);
  await service.command(id, m.assessUpdate, { data: { severity: 1, housing_risk: false } }, actor);
  const planned = await service.command(id, m.planUpdate, {}, actor);
  if (planned.phase !== 'implementation') throw new Error(`the case is in ${planned.phase}, not implementation`);
  return id;
}

/** Runs a benchmark script's `main`, ending the process with its error when it fails. */
export function runScript(main: () => Promise<void>): void {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
