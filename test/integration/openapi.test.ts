/** The API document: every route the app serves is described, guarded by a rule, and browsable offline. */
import { expect } from 'chai';
import { findPermission, PERMISSIONS } from '../../api/auth/permissions';
import { openApiPath } from '../../api/openapi/document';
import { listRoutes } from '../helpers/routes';
import { httpClient, startSystem, type TestSystem } from '../helpers/system';

describe('openapi: the document and /docs', () => {
  let sys: TestSystem;
  let doc: any;
  before(async () => {
    sys = await startSystem();
    doc = (await httpClient(sys.url).get('/openapi.json')).body;
  });
  after(async () => sys?.stop());

  it('is OpenAPI 3.1 with bearer keys and problem responses', () => {
    expect(doc.openapi).to.equal('3.1.0');
    expect(doc.components.securitySchemes.apiKey).to.deep.include({ type: 'http', scheme: 'bearer' });
    expect(doc.security).to.deep.equal([{ apiKey: [] }]);
    expect(doc.components.responses.E401.content['application/problem+json'].schema.$ref).to.equal('#/components/schemas/Problem');
  });

  /** The console's pages are no part of the JSON API; their own tests hold them to the permission table. */
  const apiRoutes = () => listRoutes(sys.app).filter((r) => r.path !== '/' && !r.path.startsWith('/app'));

  it('describes every route the app serves', () => {
    const routes = apiRoutes();
    expect(routes.length).to.be.greaterThan(30);
    const missing = routes.filter((r) => !doc.paths[openApiPath(r.path)]?.[r.method.toLowerCase()]).map((r) => `${r.method} ${r.path}`);
    expect(missing, `routes the document does not describe:\n${missing.join('\n')}`).to.deep.equal([]);
  });

  it('has a rule in the permission table for every route, and states it', () => {
    for (const r of apiRoutes()) {
      const rule = findPermission(r.method, r.path);
      expect(rule, `${r.method} ${r.path} has no rule`).not.to.equal(undefined);
      const op = doc.paths[openApiPath(r.path)][r.method.toLowerCase()];
      if (rule!.permission.access === 'public') expect(op.security, `${r.method} ${r.path}`).to.deep.equal([]);
      else expect(op.responses, `${r.method} ${r.path}`).to.include.keys('401', '429');
    }
  });

  it('has no rule in the permission table that guards no route: each is the rule some route of the app is held to', () => {
    // A path as a request would spell it: each parameter given a value.
    const spelled = (path: string) => path.replace(/:(\w+)/g, 'x1').replace(/\*\w*/g, 'x1/x2').replace(/[{}]/g, '');
    const used = new Set(listRoutes(sys.app).map((r) => findPermission(r.method, spelled(r.path))?.permission));
    // Files served by express.static: the router lists them as middleware, not as routes.
    const servedAsFiles = ['GET /docs/assets/*'];
    const unused = PERMISSIONS.filter((p) => !used.has(p)).map((p) => `${p.method} ${p.path}`).filter((p) => !servedAsFiles.includes(p));
    expect(unused, `rules no route is held to:\n${unused.join('\n')}`).to.deep.equal([]);
  });

  it('takes its request schemas from the routes: strict bodies, named fields, the Idempotency-Key on POST', () => {
    const screening = doc.paths['/cases/{id}/screening'].post;
    const body = screening.requestBody.content['application/json'].schema;
    expect(body.additionalProperties).to.equal(false);
    expect(body.required).to.include.members(['decision', 'reason']);
    expect(screening.parameters.map((p: { name: string }) => p.name)).to.include.members(['id', 'Idempotency-Key']);
    expect(screening['x-roles']).to.include.members(['case_manager', 'supervisor', 'admin']);
    const list = doc.paths['/cases'].get.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`);
    expect(list).to.include.members(['query:phase', 'query:team', 'query:cursor', 'query:limit']);
    expect(doc.paths['/definitions/{key}'].put.requestBody.content).to.have.keys('application/json', 'application/yaml', 'application/x-yaml', 'text/yaml');
  });

  it('serves /docs with Swagger UI from its own assets, nothing from elsewhere, on this document', async () => {
    const anonymous = httpClient(sys.url);
    const res = await anonymous.get('/docs');
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^text\/html/);
    const policy = res.headers.get('content-security-policy') ?? '';
    expect(policy).to.include("default-src 'none'").and.include("script-src 'self'").and.include("connect-src 'self'");
    const html: string = res.body;
    expect(html).not.to.match(/(src|href)="(https?:)?\/\//i);
    const assets = [...html.matchAll(/(?:src|href)="(\/docs\/assets\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets).to.include.members(['/docs/assets/swagger-ui.css', '/docs/assets/swagger-ui-bundle.js', '/docs/assets/init.js']);
    for (const asset of assets) {
      const got = await fetch(sys.url + asset);
      expect(got.status, asset).to.equal(200);
      const text = await got.text();
      expect(text.length, asset).to.be.greaterThan(100);
      expect(text, asset).not.to.match(/https?:\/\/(cdn|unpkg|fonts\.googleapis)/);
    }
    expect(await (await fetch(`${sys.url}/docs/assets/init.js`)).text()).to.include("url: '../openapi.json'");
    expect((await fetch(`${sys.url}/docs/assets/no-such-file.js`)).status).to.equal(404);
  });
});
