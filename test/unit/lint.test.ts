/**
 * The project passes lint, and the rules catch what they are there for: a promise nobody handles, and
 * I/O inside workflow code, which is replayed in a sandbox. Each probe is linted as if it were a
 * file of the project, with the project's own configuration.
 */
import path from 'node:path';
import { expect } from 'chai';
import { ESLint } from 'eslint';

const FLOATING = 'no-floating-promises';
const RESTRICTED = 'no-restricted-imports';

describe('lint: the project, and the rules it is held to', function () {
  // The first lint starts TypeScript's project service.
  this.timeout(60_000);
  const eslint = new ESLint({ cwd: process.cwd() });
  /** The rules a probe breaks, linted as the file at `filePath` (which exists, so it is in the project). */
  const broken = async (code: string, filePath: string) => {
    const [result] = await eslint.lintText(code, { filePath });
    return result.messages.map((m) => `${m.ruleId?.replace('@typescript-eslint/', '')}:${m.line}`);
  };

  it('refuses a floating promise in workflow code and elsewhere, and accepts one marked with void', async () => {
    const code = [`import { sleep } from '@temporalio/workflow';`, `export function ring(): void {`, `  sleep(1000);`, `  void sleep(2000);`, `}`, ``].join('\n');
    expect(await broken(code, 'workflows/clock.ts')).to.deep.equal([`${FLOATING}:3`]);
    const api = [`export async function pause(): Promise<void> {}`, `export function go(): void {`, `  pause();`, `}`, ``].join('\n');
    expect(await broken(api, 'api/validate.ts')).to.deep.equal([`${FLOATING}:3`]);
  });

  it('refuses Node built-ins and I/O libraries under workflows/, but not elsewhere', async () => {
    const code = [
      `import fs from 'fs';`,
      `import { createHash } from 'node:crypto';`,
      `import knex from 'knex';`,
      `import type { Activities } from '../activities';`,
      `import { createActivities } from '../activities';`,
      `export const used = [fs, createHash, knex, createActivities] as const;`,
      `export type Used = Activities;`,
      ``,
    ].join('\n');
    expect(await broken(code, 'workflows/clock.ts')).to.deep.equal([`${RESTRICTED}:1`, `${RESTRICTED}:2`, `${RESTRICTED}:3`, `${RESTRICTED}:5`]);
    expect(await broken(code.replaceAll('../activities', '../activities/index'), 'api/validate.ts')).to.deep.equal([]);
  });

  // `npm test` lints here rather than in a step of its own, so TypeScript's program is built once.
  it('finds nothing to refuse in the project', async () => {
    const results = await eslint.lintFiles(['.']);
    const problems = results.flatMap((r) => r.messages.map((m) => `${path.relative(process.cwd(), r.filePath)}:${m.line}:${m.column} ${m.ruleId ?? ''} ${m.message}`));
    expect(problems, problems.join('\n')).to.deep.equal([]);
  });
});
