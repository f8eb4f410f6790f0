/**
 * The case commands' router is mounted before the others, so a command is routed without testing
 * every other route first. That holds only while no other route takes a command's method and path.
 */
import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { CASE_COMMANDS } from '../../api/schemas/case-commands';
import { createApp } from '../../server/app';
import { openDb, type Db } from '../../store/db';

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  /** Set for a router mounted at the root; one under a path (the console's, at /app) is not the API's. */
  slash?: boolean;
}

/** Every route of the app's root-mounted routers, in the order Express tries them, as `METHOD path`. */
function routesOf(stack: Layer[]): string[] {
  return stack.flatMap((layer) => {
    if (layer.route) return Object.keys(layer.route.methods).map((m) => `${m.toUpperCase()} ${layer.route!.path}`);
    return layer.handle?.stack && layer.slash ? routesOf(layer.handle.stack) : [];
  });
}

describe('case command routes', () => {
  let db: Db;
  let dataDir: string;
  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'casework-routes-'));
    db = await openDb({ dataDir });
  });
  after(async () => {
    await db.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('come first, and no other route has the method and path of a command', () => {
    // Building the app talks to neither Temporal nor the database.
    const client = { options: { namespace: 'default' } } as unknown as Client;
    const app = createApp({ client, db, taskQueue: 'routes' }) as unknown as { router: { stack: Layer[] } };
    const routes = routesOf(app.router.stack);
    const commands = CASE_COMMANDS.map((c) => `POST ${c.path}`);
    expect(routes.length).to.be.greaterThan(commands.length * 3);
    // Only the root's redirect to the console comes before them.
    expect(routes.slice(0, commands.length + 1)).to.deep.equal(['GET /', ...commands]);
    for (const command of commands) expect(routes.filter((r) => r === command), command).to.have.length(1);
  });
});
