/** The designers' API for working calendars over HTTP, and definitions that name a calendar. */
import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { calendarFiles } from '../../definitions/calendar-files';
import type { CalendarInput } from '../../definitions/calendar-schema';
import { DEFINITIONS_DIR } from '../../definitions/loader';
import { publishDefinitionFiles } from '../../store/publish-definition-files';
import type { DefinitionInput } from '../../common/definition-schema';
import { listCalendarVersions, listLatestCalendars } from '../../store/calendars';
import { openDb } from '../../store/db';
import { quickCase } from '../fixtures/definitions';
import { startSystem, type TestSystem, type TestUser } from '../helpers/system';

const office: CalendarInput = {
  key: 'office',
  name: 'Office',
  time_zone: 'Europe/London',
  working_days: ['mon', 'tue', 'wed', 'thu', 'fri'],
  working_hours: { start: '09:00', end: '17:30' },
  holidays: [{ date: '2026-12-25', name: 'Christmas Day' }],
};
const fields = (res: { body: { errors: Array<{ field: string }> } }) => res.body.errors.map((e) => e.field);

describe('calendars API: publishing and reading working calendars', () => {
  let sys: TestSystem;
  let designerA: TestUser;
  let designerB: TestUser;
  before(async () => {
    sys = await startSystem();
    designerA = await sys.addUser({ roles: ['designer'], teams: ['team-a'] });
    designerB = await sys.addUser({ roles: ['designer'], teams: ['team-b'] });
  });
  after(async () => sys?.stop());

  it('publishes YAML as version 1, answers an identical save with 200, and a change with version 2', async () => {
    const first = await sys.as(designerA).put('/calendars/office', YAML.stringify(office));
    expect(first.status, JSON.stringify(first.body)).to.equal(201);
    expect(first.headers.get('location')).to.equal('/calendars/office/versions/1');
    expect(first.body).to.deep.include({ key: 'office', ownerTeam: 'team-a', name: 'Office', timeZone: 'Europe/London', version: 1, createdBy: designerA.id });
    expect(first.body.calendar).to.deep.equal({ ...office, description: '', received_after_hours: 'next_working_day' });

    const same = await sys.as(designerA).put('/calendars/office', { ...office });
    expect([same.status, same.body.version]).to.deep.equal([200, 1]);
    const changed = await sys.as(designerA).put('/calendars/office', { ...office, holidays: [...office.holidays!, { date: '2026-12-28', name: 'Boxing Day (substitute day)' }] });
    expect([changed.status, changed.body.version]).to.deep.equal([201, 2]);

    const list = await sys.as(designerB).get('/calendars');
    expect(list.body.items.map((c: { key: string; version: number }) => [c.key, c.version])).to.deep.equal([['office', 2]]);
    expect((await sys.http.get('/calendars/office')).body.calendar.holidays).to.have.length(2);
    expect((await sys.http.get('/calendars/office/versions')).body.items.map((v: { version: number }) => v.version)).to.deep.equal([1, 2]);
    expect((await sys.http.get('/calendars/office/versions/1')).body.calendar.holidays).to.have.length(1);
    expect((await sys.http.get('/calendars/no-such/versions')).status).to.equal(404);
    expect((await sys.http.get('/calendars/office/versions/3')).status).to.equal(404);

    const audit = await sys.http.get('/audit?action=calendar.published');
    expect(audit.body.items.map((e: { subject: string; details: { version: number } }) => [e.subject, e.details.version])).to.deep.equal([['calendar:office', 2], ['calendar:office', 1]]);
  });

  it('refuses a bad calendar with 422 naming every field, and saves nothing', async () => {
    const bad = await sys.http.put('/calendars/broken', YAML.stringify({ ...office, key: 'brokn', time_zone: 'Europe/Londn', holidays: [{ date: '2026-02-30', name: 'No day' }] }));
    expect(bad.status).to.equal(422);
    expect(bad.headers.get('content-type')).to.match(/^application\/problem\+json/);
    expect(fields(bad).sort()).to.deep.equal(['holidays[0].date', 'key', 'time_zone']);
    const syntax = await sys.http.put('/calendars/broken', 'key: [unclosed\n');
    expect([syntax.status, fields(syntax)]).to.deep.equal([422, ['(document)']]);
    expect((await sys.http.get('/calendars/broken')).status).to.equal(404);
    expect(await listCalendarVersions(sys.db, 'broken')).to.deep.equal([]);
  });

  it("lets only the owning team's designers and admins publish a calendar, and a designer name only their own team", async () => {
    const taken = await sys.as(designerB).put('/calendars/office', { ...office, name: 'Ours now' });
    expect(taken.status).to.equal(403);
    expect(taken.body.detail).to.equal("the calendar 'office' belongs to team 'team-a'; only its designers and admins may publish it");
    const otherTeam = await sys.as(designerA).put('/calendars/team-b-hours', { ...office, key: 'team-b-hours', team: 'team-b' });
    expect([otherTeam.status, fields(otherTeam)]).to.deep.equal([403, ['team']]);
    const manager = await sys.addUser({ roles: ['case_manager'], teams: ['team-a'] });
    expect((await sys.as(manager).put('/calendars/office', office)).status).to.equal(403);
    expect((await sys.http.put('/calendars/office', { ...office, name: 'By an admin' })).status).to.equal(201);
    expect((await listCalendarVersions(sys.db, 'office')).map((v) => v.version)).to.deep.equal([1, 2, 3]);
  });

  it('checks the calendar a definition names against those published, and publishes working time counted on it', async () => {
    const named = (calendar: string, extra: Partial<DefinitionInput> = {}): DefinitionInput => ({ ...quickCase, key: 'timed-case', calendar, ...extra });
    const unknown = await sys.http.put('/definitions/timed-case', named('ofice'));
    expect(unknown.status).to.equal(422);
    expect(unknown.body.errors).to.deep.equal([{ field: 'calendar', message: "no calendar 'ofice' is published (did you mean 'office'?)" }]);
    const uncounted = await sys.http.put('/definitions/timed-case', { ...quickCase, key: 'timed-case', follow_up: { ...quickCase.follow_up, window: '2 working days' } });
    expect([uncounted.status, fields(uncounted)]).to.deep.equal([422, ['follow_up.window']]);
    expect(uncounted.body.errors[0].message).to.match(/^working time needs a calendar/);
    const checked = await sys.http.post('/definitions/validate', named('office', { follow_up: { ...quickCase.follow_up, window: '2 working days' } }));
    expect(checked.status, JSON.stringify(checked.body)).to.equal(200);
    const working = await sys.http.put('/definitions/timed-case', named('office', { follow_up: { ...quickCase.follow_up, window: '2 working days' } }));
    expect(working.status, JSON.stringify(working.body)).to.equal(201);
    expect(working.body.definition).to.deep.include({ calendar: 'office' });
    expect(working.body.definition.follow_up.window).to.equal('2 working days');
  });
});

describe('calendar files published on start', () => {
  it('publishes the shipped calendars before the definitions, one version each, and none when unchanged', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'casework-calendars-'));
    const db = await openDb({ dataDir });
    try {
      expect(calendarFiles().map((f) => path.basename(f))).to.deep.equal(['uk-england.yaml']);
      await publishDefinitionFiles(db, DEFINITIONS_DIR);
      await publishDefinitionFiles(db, DEFINITIONS_DIR);
      expect((await listLatestCalendars(db)).map((c) => [c.key, c.version, c.createdBy])).to.deep.equal([['uk-england', 1, 'definitions-folder']]);
    } finally {
      await db.destroy();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses to start with a definition file that names an unknown calendar, saying which file and path', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casework-definitions-'));
    const db = await openDb({ dataDir: dir });
    try {
      fs.writeFileSync(path.join(dir, 'quick-case.yaml'), YAML.stringify({ ...quickCase, calendar: 'uk-england' }));
      const refused = await publishDefinitionFiles(db, dir).catch((e: unknown) => e as Error);
      expect(refused).to.be.instanceOf(Error).and.have.property('message').that.includes("quick-case.yaml: calendar: no calendar 'uk-england' is published; none is published yet");
      fs.mkdirSync(path.join(dir, 'calendars'));
      fs.copyFileSync(calendarFiles()[0], path.join(dir, 'calendars', 'uk-england.yaml'));
      expect(await publishDefinitionFiles(db, dir)).to.deep.equal([{ key: 'quick-case', version: 1, created: true }]);
    } finally {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
