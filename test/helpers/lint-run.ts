/**
 * Lints the project and the lint probes with the project's ESLint configuration and prints what it
 * found as JSON on standard output. Run as a child process beside the test suite, so that building
 * TypeScript's program for type-aware rules costs the suite no time of its own.
 */
import path from 'node:path';
import { ESLint } from 'eslint';
import { LINT_PROBES } from './lint-probes';

export interface LintReport {
  /** `file:line:column rule message` for every problem in the project. */
  problems: string[];
  /** Per probe name, `rule:line` for every problem found in it. */
  probes: Record<string, string[]>;
}

async function main(): Promise<void> {
  const eslint = new ESLint({ cwd: process.cwd() });
  const results = await eslint.lintFiles(['.']);
  const problems = results.flatMap((r) => r.messages.map((m) => `${path.relative(process.cwd(), r.filePath)}:${m.line}:${m.column} ${m.ruleId ?? ''} ${m.message}`));
  const probes: Record<string, string[]> = {};
  for (const probe of LINT_PROBES) {
    const [result] = await eslint.lintText(probe.code, { filePath: probe.filePath });
    probes[probe.name] = result.messages.map((m) => `${m.ruleId?.replace('@typescript-eslint/', '')}:${m.line}`);
  }
  const report: LintReport = { problems, probes };
  process.stdout.write(JSON.stringify(report));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
