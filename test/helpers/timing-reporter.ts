/**
 * Mocha's spec reporter, followed by the ten test files that took longest (hooks included), so
 * every change to the suite shows what it costs. `TEST_TIMINGS_FILE` also writes every file's
 * seconds there as JSON.
 */
import fs from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';

const { EVENT_SUITE_BEGIN, EVENT_SUITE_END, EVENT_RUN_END } = Mocha.Runner.constants;
const SHOWN = 10;

class TimingReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    const started = new Map<Mocha.Suite, number>();
    const seconds = new Map<string, number>();
    // A file's top-level suites are the root's children; their time covers their hooks too.
    runner.on(EVENT_SUITE_BEGIN, (suite) => {
      if (suite.parent?.root && suite.file) started.set(suite, performance.now());
    });
    runner.on(EVENT_SUITE_END, (suite) => {
      const at = started.get(suite);
      if (at === undefined || !suite.file) return;
      const file = path.relative(process.cwd(), suite.file);
      seconds.set(file, (seconds.get(file) ?? 0) + (performance.now() - at) / 1000);
    });
    runner.once(EVENT_RUN_END, () => {
      const ranked = [...seconds].sort((a, b) => b[1] - a[1]);
      const total = ranked.reduce((sum, [, s]) => sum + s, 0);
      const width = Math.max(...ranked.slice(0, SHOWN).map(([f]) => f.length), 0);
      const lines = ranked.slice(0, SHOWN).map(([file, s]) => `    ${file.padEnd(width)}  ${s.toFixed(1).padStart(6)} s`);
      console.log(`\n  Slowest test files (of ${ranked.length}, ${total.toFixed(1)} s in all):\n${lines.join('\n')}\n`);
      const out = process.env.TEST_TIMINGS_FILE;
      if (out) fs.writeFileSync(out, JSON.stringify(Object.fromEntries(ranked), null, 2) + '\n');
    });
  }
}

export = TimingReporter;
