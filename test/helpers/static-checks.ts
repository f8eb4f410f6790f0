/**
 * The type check and the lint of the whole project, run as child processes from the start of the
 * test run, beside the tests that mostly wait on servers; `test/static/` reads their results last.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { LintReport } from './lint-run';

export interface ProcessResult {
  code: number | null;
  output: string;
}

export interface StaticChecks {
  typecheck: Promise<ProcessResult>;
  lint: Promise<ProcessResult>;
}

let running: StaticChecks | undefined;

function run(args: string[]): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** Starts both checks once per run; later calls get the same ones. */
export function startStaticChecks(): StaticChecks {
  running ??= {
    typecheck: run([require.resolve('typescript/bin/tsc'), '--noEmit', '-p', '.']),
    lint: run(['--import', 'tsx', path.join(__dirname, 'lint-run.ts')]),
  };
  return running;
}

export function lintReportOf(result: ProcessResult): LintReport {
  if (result.code !== 0) throw new Error(`the lint run failed (exit ${result.code}):\n${result.output}`);
  return JSON.parse(result.output) as LintReport;
}
