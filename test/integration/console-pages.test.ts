/** The console's pages and the permission table: every page is listed, and an unlisted one is refused to everyone. */
import { expect } from 'chai';
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { findPermission } from '../../api/auth/permissions';
import { close, listen } from '../../server/listen';
import { consoleSession } from '../../console/auth/session';
import { createSession } from '../../store/sessions';
import { listRoutes } from '../helpers/routes';
import { startSystem, type TestSystem } from '../helpers/system';

describe('console: pages under the permission table', () => {
  let sys: TestSystem;
  before(async () => {
    sys = await startSystem();
  });
  after(async () => sys?.stop());

  it('has a rule for every page the console serves', () => {
    const pages = listRoutes(sys.app).filter((r) => r.path.startsWith('/app'));
    expect(pages.length).to.be.greaterThan(10);
    const unlisted = pages.filter((r) => !findPermission(r.method, r.path.replace(/:(\w+)/g, 'x-000001'))).map((r) => `${r.method} ${r.path}`);
    expect(unlisted).to.deep.equal([]);
  });

  it('refuses a page missing from the table to an admin too, while a listed one is served', async () => {
    const app = express();
    app.use('/app', consoleSession({ db: sys.db, clock: () => new Date(), idleMs: 60_000, publicUrl: () => 'http://localhost' }));
    app.get('/app/reports-preview', (_req, res) => res.send('should never be served'));
    app.get('/app/my-work', (_req, res) => res.send('served'));
    app.use((err: { status?: number }, _req: express.Request, res: express.Response, _next: express.NextFunction) => res.status(err.status ?? 500).send('refused'));
    const server: Server = await listen(app, 0, '127.0.0.1');
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const { token } = await createSession(sys.db, sys.admin.id, undefined, new Date());
      const cookie = { cookie: `cw_session=${token}` };
      const unlisted = await fetch(`${url}/app/reports-preview`, { headers: cookie });
      expect([unlisted.status, await unlisted.text()]).to.deep.equal([404, 'refused']);
      const listed = await fetch(`${url}/app/my-work`, { headers: cookie });
      expect([listed.status, await listed.text()]).to.deep.equal([200, 'served']);
    } finally {
      await close(server);
    }
  });

  it('sends / to the console, and a form posted without a session to the sign-in page, doing nothing', async () => {
    const root = await fetch(`${sys.url}/`, { redirect: 'manual' });
    expect([root.status, root.headers.get('location')]).to.deep.equal([303, '/app/']);
    const posted = await fetch(`${sys.url}/app/cases`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'definition=quick-case&title=Nobody&_back=%2Fapp%2Fcases%2Fnew' });
    expect(posted.status).to.equal(303);
    expect(posted.headers.get('location')).to.equal('/app/sign-in?next=%2Fapp%2Fcases%2Fnew');
    expect((await sys.http.get('/cases?q=Nobody')).body.items).to.deep.equal([]);
  });
});
