/** Reading a case needs no worker: `GET /cases/:id` answers from the view the case last recorded. */
import { expect } from 'chai';
import { startSystem, type TestSystem } from '../helpers/system';
import { openCase } from '../helpers/cases';
import { quickCase } from '../fixtures/definitions';

describe('reading a case while no worker runs', () => {
  let sys: TestSystem;
  before(async () => {
    sys = await startSystem({ definitions: [quickCase] });
  });
  after(async () => sys?.stop());

  it('answers for an open case and an ended one with what their last commands answered', async function () {
    this.timeout(60_000);
    const open = await openCase(sys);
    const screened = await sys.http.post(`/cases/${open.id}/screening`, { decision: 'accept', reason: 'Meets the criteria' });
    expect(screened.status).to.equal(200);
    const { id } = await openCase(sys);
    const closed = await sys.http.post(`/cases/${id}/screening`, { decision: 'reject', reason: 'Out of area' });
    expect(closed.status).to.equal(200);
    await sys.env.client.workflow.getHandle(id).result();

    sys.worker.shutdown();
    while (sys.worker.getState() !== 'STOPPED') await new Promise((r) => setTimeout(r, 50));

    // A query would need a worker to answer it; without one it fails.
    const openNow = await sys.http.get(`/cases/${open.id}`);
    expect(openNow.status).to.equal(200);
    expect(openNow.body).to.deep.include({ id: open.id, phase: 'assessment', status: 'open' });
    expect(openNow.body.screening).to.deep.equal(screened.body.screening);

    const ended = await sys.http.get(`/cases/${id}`);
    expect(ended.status).to.equal(200);
    expect(ended.body).to.deep.include({ id, phase: 'closed', status: 'closed', closure: 'screened_out' });
  });
});
