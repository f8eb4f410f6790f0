/**
 * The project type-checks and passes lint, and the lint rules refuse what they are there for: a
 * promise nobody handles, and I/O inside workflow code, which is replayed in a sandbox. Both checks
 * run beside the rest of the suite (test/helpers/static-checks.ts); this file, run last, reads them.
 */
import { expect } from 'chai';
import { LINT_PROBES } from '../helpers/lint-probes';
import { lintReportOf, startStaticChecks } from '../helpers/static-checks';

describe('static checks: types and lint', function () {
  // Mocha loads every test file before it runs the first test, so the checks start with the run
  // and are usually done by the time this file, the last, is reached; alone they take about 20 s.
  this.timeout(180_000);
  const checks = startStaticChecks();

  it('type-checks the whole project (tsc --noEmit)', async () => {
    const { code, output } = await checks.typecheck;
    expect(output.trim(), 'tsc --noEmit').to.equal('');
    expect(code).to.equal(0);
  });

  it('finds nothing to refuse in the project (eslint .)', async () => {
    const { problems } = lintReportOf(await checks.lint);
    expect(problems, problems.join('\n')).to.deep.equal([]);
  });

  for (const probe of LINT_PROBES) {
    it(`lint: ${probe.name}`, async () => {
      expect(lintReportOf(await checks.lint).probes[probe.name]).to.deep.equal(probe.expected);
    });
  }
});
