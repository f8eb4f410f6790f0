/**
 * The fault run at small size: 20 cases while the worker is killed once, the Temporal server is
 * killed and started again once, and SMTP is down for a few seconds; then 6 cases through two API
 * processes and two workers, commands to each case sent through both at once. Nothing may be lost.
 */
import { expect } from 'chai';
import { runChaos, SMALL } from '../../chaos/run';
import { runTwoOfEach, TWO_OF_EACH_SMALL } from '../../chaos/two-of-each';

describe('faults: nothing is lost when the worker, the server and SMTP fail', () => {
  it('drives 20 cases through worker and server kills and an SMTP outage, losing nothing', async function () {
    this.timeout(SMALL.limitMs + 60_000);
    const result = await runChaos({ ...SMALL, log: () => undefined });
    expect(result.problems).to.deep.equal([]);
    expect(result).to.include({ ok: true, cases: 20, emails: 40 });
    expect(result.workerKills).to.be.at.least(1);
    expect(result.serverRestarts).to.equal(1);
    const serverErrors = Object.keys(result.statuses).filter((s) => Number(s) >= 500 && s !== '503');
    expect(serverErrors).to.deep.equal([]);
  });

  it('drives 6 cases through two APIs and two workers at once, each command in the trail once and every run replaying', async function () {
    this.timeout(TWO_OF_EACH_SMALL.limitMs + 60_000);
    const result = await runTwoOfEach({ ...TWO_OF_EACH_SMALL, log: () => undefined });
    expect(result.problems).to.deep.equal([]);
    expect(result).to.include({ ok: true, cases: 6, emails: 12, workerRestarts: 1 });
    // Two notes beside each of 8 steps; the two beside the step that closes the case may come too late.
    expect(result.notes).to.be.within(6 * 7 * 2, 6 * 8 * 2);
    expect(result.rollOvers).to.be.at.least(6);
    expect(result.runsReplayed).to.equal(6 + result.rollOvers);
    const serverErrors = Object.keys(result.statuses).filter((s) => Number(s) >= 500 && s !== '503');
    expect(serverErrors).to.deep.equal([]);
  });
});
