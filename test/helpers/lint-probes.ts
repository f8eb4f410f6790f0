/**
 * Code the lint rules must refuse, each linted as if it were the file at `filePath` (a file of the
 * project, so it is in the TypeScript program), with the rules and lines it must be refused by.
 */
export interface LintProbe {
  name: string;
  filePath: string;
  code: string;
  /** `rule:line` for every problem expected, in order. */
  expected: string[];
}

const lines = (...l: string[]) => [...l, ''].join('\n');

export const LINT_PROBES: LintProbe[] = [
  {
    name: 'a floating promise in workflow code, next to one marked with void',
    filePath: 'workflows/clock.ts',
    code: lines(`import { sleep } from '@temporalio/workflow';`, `export function ring(): void {`, `  sleep(1000);`, `  void sleep(2000);`, `}`),
    expected: ['no-floating-promises:3'],
  },
  {
    name: 'a floating promise outside workflow code',
    filePath: 'api/validate.ts',
    code: lines(`export async function pause(): Promise<void> {}`, `export function go(): void {`, `  pause();`, `}`),
    expected: ['no-floating-promises:3'],
  },
  {
    name: 'Node built-ins, an I/O library and activity code imported by workflow code',
    filePath: 'workflows/clock.ts',
    code: lines(
      `import fs from 'fs';`,
      `import { createHash } from 'node:crypto';`,
      `import knex from 'knex';`,
      `import type { Activities } from '../activities';`,
      `import { createActivities } from '../activities';`,
      `export const used = [fs, createHash, knex, createActivities] as const;`,
      `export type Used = Activities;`,
    ),
    expected: ['no-restricted-imports:1', 'no-restricted-imports:2', 'no-restricted-imports:3', 'no-restricted-imports:5'],
  },
  {
    name: 'the same imports outside workflow code',
    filePath: 'api/validate.ts',
    code: lines(
      `import fs from 'fs';`,
      `import { createHash } from 'node:crypto';`,
      `import knex from 'knex';`,
      `import type { Activities } from '../activities/index';`,
      `import { createActivities } from '../activities/index';`,
      `export const used = [fs, createHash, knex, createActivities] as const;`,
      `export type Used = Activities;`,
    ),
    expected: [],
  },
];
