/** The request's log line: its fields, in their order, for an answer, a failure and a 503, over a real port. */
import { expect } from 'chai';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { requestLog } from '../../api/observability/request-log';
import { HttpError } from '../../api/problem';
import { createLogger } from '../../runtime/logger';
import { eventually } from '../helpers/eventually';

describe('request log', () => {
  const lines: string[] = [];
  let base = '';
  let close = () => {};
  before(async () => {
    const logger = createLogger({ level: 'info', name: 'api' }, new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } }));
    const app = express();
    app.use(requestLog(logger));
    app.use((_req, res, next) => {
      res.locals.actor = { id: 'ann' };
      next();
    });
    app.get('/cases/:id', (_req, res) => void res.json({ ok: true }));
    app.post('/cases/:id/boom', (_req, _res, next) => next(new Error('boom')));
    app.get('/busy', (_req, _res, next) => next(new HttpError(503, 'Busy', 'later')));
    app.use((err: HttpError, _req: express.Request, res: express.Response, _next: express.NextFunction) => void res.status(err.status ?? 500).json({ title: err.message }));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  after(() => close());

  /** The line logged for the request with this id, its time and duration left out (they vary). */
  const lineOf = (requestId: string) => {
    const line = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.requestId === requestId);
    if (!line) throw new Error(`no line for ${requestId} yet`);
    const { time, responseTime, pid, ...rest } = line;
    expect(time).to.be.a('string');
    expect(responseTime).to.be.a('number');
    expect(pid).to.equal(process.pid);
    return { keys: Object.keys(line), ...rest };
  };

  it('writes one line a request: its id, method and path, route, case, actor, status, in that order', async () => {
    const answer = await fetch(`${base}/cases/a-000001?secret=1`, { headers: { 'x-request-id': 'req-1' } });
    expect(answer.headers.get('x-request-id')).to.equal('req-1');
    const line = await eventually(async () => lineOf('req-1'));
    expect(line).to.deep.equal({
      keys: ['level', 'time', 'pid', 'name', 'requestId', 'req', 'route', 'caseId', 'actor', 'res', 'responseTime', 'msg'],
      level: 'info', name: 'api', requestId: 'req-1', req: { method: 'GET', path: '/cases/a-000001' }, route: '/cases/:id', caseId: 'a-000001', actor: 'ann', res: { statusCode: 200 }, msg: 'request completed',
    });
    expect(lines.filter((l) => l.includes('"req-1"'))).to.have.length(1);
  });

  it('writes a failure as an error and a 503 as a warning, with the error summed up, not its stack', async () => {
    await fetch(`${base}/cases/a-000002/boom`, { method: 'POST', headers: { 'x-request-id': 'req-2' } });
    await fetch(`${base}/busy`, { headers: { 'x-request-id': 'req-3' } });
    expect(await eventually(async () => lineOf('req-2'))).to.deep.include({
      level: 'error', route: '/cases/:id/boom', caseId: 'a-000002', res: { statusCode: 500 }, error: { type: 'Error', message: 'failed with status code 500' }, msg: 'request errored',
    });
    expect(await eventually(async () => lineOf('req-3'))).to.deep.include({ level: 'warn', route: '/busy', res: { statusCode: 503 }, msg: 'request errored' });
  });

  it('writes only the lines its level takes: at warn, a 503 and not a 200', async () => {
    const quiet: string[] = [];
    const logger = createLogger({ level: 'warn', name: 'api' }, new Writable({ write(chunk, _enc, done) { quiet.push(String(chunk)); done(); } }));
    const app = express();
    app.use(requestLog(logger));
    app.get('/fine', (_req, res) => void res.json({}));
    app.get('/busy', (_req, res) => void res.status(503).json({}));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const at = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      await fetch(`${at}/fine`, { headers: { 'x-request-id': 'quiet-1' } });
      await fetch(`${at}/busy`, { headers: { 'x-request-id': 'quiet-2' } });
      await eventually(async () => expect(quiet.some((l) => l.includes('"quiet-2"'))).to.equal(true));
      expect(quiet.filter((l) => l.includes('"quiet-1"'))).to.deep.equal([]);
    } finally {
      server.close();
    }
  });

  it('makes an id for a request that brings none or one that is not a plain token', async () => {
    const answer = await fetch(`${base}/nothing`, { headers: { 'x-request-id': 'not a token' } });
    const id = answer.headers.get('x-request-id') ?? '';
    expect(id).to.match(/^[0-9a-f-]{36}$/);
    expect(await eventually(async () => lineOf(id))).to.deep.include({ route: 'unmatched', res: { statusCode: 404 }, msg: 'request completed' });
  });
});
