/** An ended case stays readable when no worker is there to replay it. */
import { expect } from 'chai';
import { startSystem, type TestSystem } from '../helpers/system';
import { openCase } from '../helpers/cases';
import { quickCase } from '../fixtures/definitions';

describe('an ended case without a worker', () => {
  let sys: TestSystem;
  before(async () => {
    sys = await startSystem({ definitions: [quickCase] });
  });
  after(async () => sys?.stop());

  it('answers GET /cases/:id from the view the workflow ended with', async function () {
    this.timeout(60_000);
    const { id } = await openCase(sys);
    const closed = await sys.http.post(`/cases/${id}/screening`, { decision: 'reject', reason: 'Out of area' });
    expect(closed.status).to.equal(200);
    await sys.env.client.workflow.getHandle(id).result();

    sys.worker.shutdown();
    await eventuallyStopped(sys);
    const res = await sys.http.get(`/cases/${id}`);
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.include({ id, phase: 'closed', status: 'closed', closure: 'screened_out' });
    expect(res.body).to.deep.equal(closed.body);
  });
});

async function eventuallyStopped(sys: TestSystem) {
  while (sys.worker.getState() !== 'STOPPED') await new Promise((r) => setTimeout(r, 50));
}
