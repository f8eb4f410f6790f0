/**
 * Schemathesis, a checker no one here wrote, against a running system: it reads /openapi.json,
 * generates requests for every operation (good ones and, for the negative checks, bad ones) and
 * checks each answer against the document (`--checks all`). Its exclusions, each with its reason,
 * are in `schemathesis.toml` at the repository's root. Its caches and reports go to a temporary
 * folder, never into the repository.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureSchemathesis } from '../scripts/provision-schemathesis';

export const SCHEMATHESIS_CONFIG = path.resolve(__dirname, '..', 'schemathesis.toml');
/** Gives every generated request an Idempotency-Key of its own (see the module's docstring). */
export const SCHEMATHESIS_HOOKS = path.resolve(__dirname, 'schemathesis_hooks.py');

export interface SchemathesisRun {
  /** The API's base URL, e.g. http://127.0.0.1:3000 */
  url: string;
  /** An admin's API key: every operation is open to admins. */
  adminKey: string;
  maxExamples: number;
  seed?: number;
  /** Phases to run; all of them when not given. */
  phases?: string[];
  workers?: number;
  /** A body of `POST /cases` that opens a case, for the stateful phase to follow its links from. */
  openCase?: unknown;
  log?: (line: string) => void;
}

export interface SchemathesisResult {
  exitCode: number;
  output: string;
  /** The JUnit report's test cases: one per operation, failures with their message. */
  operations: { name: string; failure?: string }[];
}

export async function runSchemathesis(run: SchemathesisRun): Promise<SchemathesisResult> {
  const st = ensureSchemathesis();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'casework-schemathesis-'));
  const junit = path.join(work, 'junit.xml');
  const args = [
    '--config-file', SCHEMATHESIS_CONFIG,
    'run', `${run.url}/openapi.json`,
    '--url', run.url,
    '-H', `Authorization: Bearer ${run.adminKey}`,
    '--checks', 'all',
    '--max-examples', String(run.maxExamples),
    '--generation-database', 'none',
    '--report', 'junit', '--report-junit-path', junit,
    '--no-color',
    // One worker: with more, schemathesis 4.32.5's generator fails now and then inside Hypothesis (AST recursion mismatch).
    '--workers', String(run.workers ?? 1),
    ...(run.seed !== undefined ? ['--seed', String(run.seed)] : []),
    ...(run.phases ? ['--phases', run.phases.join(',')] : []),
  ];
  try {
    const { exitCode, output } = await new Promise<{ exitCode: number; output: string }>((resolve, reject) => {
      // Hypothesis and schemathesis keep their caches under the working folder and XDG_CACHE_HOME.
      const child = spawn(st, args, { cwd: work, env: { ...process.env, XDG_CACHE_HOME: work, NO_COLOR: '1', SCHEMATHESIS_HOOKS: SCHEMATHESIS_HOOKS, CASEWORK_SCHEMATHESIS_OPEN_CASE: run.openCase === undefined ? '' : JSON.stringify(run.openCase) }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      const take = (c: Buffer) => {
        out += c.toString();
        run.log?.(c.toString().trimEnd());
      };
      child.stdout.on('data', take);
      child.stderr.on('data', take);
      child.once('error', reject);
      child.once('exit', (code) => resolve({ exitCode: code ?? 1, output: out }));
    });
    return { exitCode, output, operations: fs.existsSync(junit) ? readJunit(fs.readFileSync(junit, 'utf8')) : [] };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function readJunit(xml: string): SchemathesisResult['operations'] {
  return [...xml.matchAll(/<testcase\b[^>]*\bname="([^"]*)"[^>]*?(?:\/>|>([\s\S]*?)<\/testcase>)/g)].map((m) => {
    const failure = /<(failure|error)\b[^>]*?(?:message="([^"]*)")?[^>]*>([\s\S]*?)<\/\1>/.exec(m[2] ?? '');
    return { name: m[1], ...(failure ? { failure: (failure[2] ?? failure[3] ?? '').trim() } : {}) };
  });
}
