/** Versions of working calendars and the teams that own them, saved and read back, on SQLite and PostgreSQL. */
import { expect } from 'chai';
import { calendarHash } from '../../definitions/calendar-files';
import { calendarSchema, type CalendarInput } from '../../definitions/calendar-schema';
import { listAudit } from '../../store/audit-log';
import { CalendarOwnedElsewhere, getCalendarOwner, getCalendarVersion, listCalendarKeys, listCalendarVersions, listLatestCalendars, saveCalendarVersion } from '../../store/calendars';
import type { Db } from '../../store/db';
import type { Publisher } from '../../store/definition-owners';
import { forEachDatabase } from '../helpers/databases';

const office: CalendarInput = {
  key: 'office',
  name: 'Office',
  time_zone: 'Europe/London',
  working_days: ['mon', 'tue', 'wed', 'thu', 'fri'],
  working_hours: { start: '09:00', end: '17:30' },
};
const designerOf = (team: string, id = `designer-${team}`): Publisher => ({ id, teams: [team], approves: false, defaultTeam: team });
const ADMIN: Publisher = { id: 'admin', teams: 'any', approves: true };
const save = (db: Db, input: CalendarInput, by: Publisher = designerOf('team-a')) => {
  const calendar = calendarSchema.parse(input);
  return saveCalendarVersion(db, calendar, calendarHash(calendar), by);
};

describe('calendar store', () => forEachDatabase((open) => {
  let db: Db;
  beforeEach(async () => {
    db = await open();
  });

  it('numbers the versions of a key from 1, keeps an unchanged calendar as the version it is, and reads each back', async () => {
    const first = await save(db, office);
    const same = await save(db, office);
    const holiday = { ...office, holidays: [{ date: '2026-12-25', name: 'Christmas Day' }] };
    const changed = await save(db, holiday);
    expect([first.created, first.version.version, same.created, same.version.version, changed.created, changed.version.version]).to.deep.equal([true, 1, false, 1, true, 2]);
    expect((await getCalendarVersion(db, 'office'))?.calendar).to.deep.equal(calendarSchema.parse(holiday));
    expect((await getCalendarVersion(db, 'office', 1))?.calendar).to.deep.equal(calendarSchema.parse(office));
    expect(await getCalendarVersion(db, 'office', 3)).to.equal(undefined);
    expect((await listCalendarVersions(db, 'office')).map((v) => [v.version, v.createdBy])).to.deep.equal([[1, 'designer-team-a'], [2, 'designer-team-a']]);
  });

  it('lists the latest version of every calendar, and every key', async () => {
    await save(db, office);
    await save(db, { ...office, name: 'Office, renamed' });
    await save(db, { ...office, key: 'nights', working_hours: { start: '22:00', end: '06:00' } });
    expect((await listLatestCalendars(db)).map((c) => [c.key, c.version, c.calendar.name])).to.deep.equal([['nights', 1, 'Office'], ['office', 2, 'Office, renamed']]);
    expect(await listCalendarKeys(db)).to.deep.equal(['nights', 'office']);
  });

  it("gives a key the team its first version names, else its publisher's, and only that team's designers and admins publish it", async () => {
    await save(db, office, designerOf('team-a'));
    await save(db, { ...office, key: 'named', team: 'team-b' }, ADMIN);
    await save(db, { ...office, key: 'nobodys' }, ADMIN);
    expect([await getCalendarOwner(db, 'office'), await getCalendarOwner(db, 'named'), await getCalendarOwner(db, 'nobodys')]).to.deep.equal(['team-a', 'team-b', undefined]);
    const refused = await save(db, { ...office, name: 'Taken over' }, designerOf('team-b')).catch((e: unknown) => e);
    expect(refused).to.be.instanceOf(CalendarOwnedElsewhere).and.have.property('message', "the calendar 'office' belongs to team 'team-a'; only its designers and admins may publish it");
    const noTeam = await save(db, { ...office, key: 'nobodys', name: 'Mine now' }, designerOf('team-a')).catch((e: unknown) => e);
    expect(noTeam).to.be.instanceOf(CalendarOwnedElsewhere).and.have.property('message', "the calendar 'nobodys' belongs to no team, so only admins may publish it");
    expect((await save(db, { ...office, name: 'By an admin' }, ADMIN)).created).to.equal(true);
    expect((await listCalendarVersions(db, 'office')).map((v) => v.createdBy)).to.deep.equal(['designer-team-a', 'admin']);
  });

  it('records each new version in the audit log', async () => {
    await save(db, office);
    await save(db, office);
    const entries = await listAudit(db, { action: 'calendar.published', limit: 10 });
    expect(entries.map((e) => [e.actor, e.subject, e.details])).to.deep.equal([['designer-team-a', 'calendar:office', { version: 1, hash: entries[0].details.hash, team: 'team-a', teamAssigned: true }]]);
  });

  it('saves calendars of one key published at the same time as versions one after another', async () => {
    const saved = await Promise.all(['One', 'Two', 'Three', 'Four'].map((name) => save(db, { ...office, name })));
    expect(saved.map((s) => s.version.version).sort()).to.deep.equal([1, 2, 3, 4]);
  });
}));
