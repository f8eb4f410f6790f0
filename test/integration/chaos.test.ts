/**
 * The fault run at small size: 20 cases while the worker is killed once, the Temporal server is
 * killed and started again once, and SMTP is down for a few seconds. Nothing may be lost.
 */
import { expect } from 'chai';
import { runChaos, SMALL } from '../../chaos/run';

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
});
