import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { workingDue } from '../../common/working-time/due';
import { calendarFiles, calendarsDir, checkCalendarFile, loadCalendarFiles } from '../../definitions/calendar-files';
import type { CalendarInput } from '../../definitions/calendar-schema';
import { validateCalendar, validateCalendarText } from '../../definitions/calendar-validate';
import { calendarJsonSchema, CALENDAR_SCHEMA_FILE } from '../../scripts/generate-definition-schema';

const ROOT = path.resolve(__dirname, '..', '..');

function base(): CalendarInput {
  return {
    key: 'office',
    name: 'Office',
    time_zone: 'Europe/London',
    working_days: ['mon', 'tue', 'wed', 'thu', 'fri'],
    working_hours: { start: '09:00', end: '17:30' },
    holidays: [{ date: '2026-12-25', name: 'Christmas Day' }],
  };
}

type Mutate = (c: any) => void;
function errorsOf(mutate: Mutate) {
  const c = base();
  mutate(c);
  const result = validateCalendar(c);
  return result.ok ? [] : result.errors;
}

describe('definitions/calendars', () => {
  describe('the shipped calendar', () => {
    it('uk-england.yaml is valid, named after its key and points at the JSON schema', () => {
      const [file] = calendarFiles();
      expect(path.relative(ROOT, file)).to.equal('definitions/calendars/uk-england.yaml');
      expect(readFileSync(file, 'utf8').split('\n')[0]).to.equal('# yaml-language-server: $schema=../calendar.schema.json');
      const result = checkCalendarFile(file);
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      expect(result.calendar).to.deep.include({ time_zone: 'Europe/London', working_days: ['mon', 'tue', 'wed', 'thu', 'fri'], working_hours: { start: '09:00', end: '17:30' }, received_after_hours: 'next_working_day' });
    });

    it('holds the bank holidays of England and Wales for 2026 and 2027', () => {
      const [{ calendar }] = loadCalendarFiles();
      expect(calendar.holidays.map((h) => h.date)).to.deep.equal([
        '2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28',
        '2027-01-01', '2027-03-26', '2027-03-29', '2027-05-03', '2027-05-31', '2027-08-30', '2027-12-27', '2027-12-28',
      ]);
    });

    it('counts as the arithmetic reads it: 20 working days from Mon 14 Dec 2026 end Thu 14 Jan 2027', () => {
      const [{ calendar }] = loadCalendarFiles();
      // 15 Dec to 14 Jan less 25 and 28 Dec and 1 Jan, and the weekends.
      expect(workingDue(calendar, '2026-12-14T10:00:00Z', { amount: 20, unit: 'day' }).at).to.equal('2027-01-14T17:30:00.000Z');
    });
  });

  it('the calendar of docs/designers.md is valid', () => {
    const doc = readFileSync(path.join(ROOT, 'docs', 'designers.md'), 'utf8');
    const example = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]).find((block) => block.includes('time_zone:')) ?? '';
    const result = validateCalendarText(example);
    expect(result.ok ? [] : result.errors).to.deep.equal([]);
  });

  describe('definitions/calendar.schema.json', () => {
    it('is up to date with definitions/calendar-schema.ts (run npm run definitions:schema)', () => {
      expect(readFileSync(CALENDAR_SCHEMA_FILE, 'utf8')).to.equal(calendarJsonSchema());
    });

    it('is a draft 2020-12 schema that refuses unknown properties', () => {
      const schema = JSON.parse(readFileSync(CALENDAR_SCHEMA_FILE, 'utf8'));
      expect(schema).to.deep.include({ $schema: 'https://json-schema.org/draft/2020-12/schema', title: 'Working calendar', additionalProperties: false });
      expect(schema.required).to.have.members(['key', 'name', 'time_zone', 'working_days', 'working_hours']);
    });
  });

  describe('checks', () => {
    it('accepts a valid calendar and fills in its defaults', () => {
      expect(validateCalendar(base())).to.deep.equal({ ok: true, calendar: { ...base(), description: '', received_after_hours: 'next_working_day' } });
    });

    it('accepts working hours that end on the next day, and round the clock', () => {
      expect(errorsOf((c) => (c.working_hours = { start: '22:00', end: '06:00' }))).to.deep.equal([]);
      expect(errorsOf((c) => (c.working_hours = { start: '00:00', end: '00:00' }))).to.deep.equal([]);
    });

    const cases: Array<[string, Mutate, string, string]> = [
      ['unknown time zone', (c) => (c.time_zone = 'Europe/Londn'), 'time_zone', "'Europe/Londn' is not a time zone of the IANA database (did you mean 'Europe/London'?)"],
      ['an offset is not a time zone', (c) => (c.time_zone = '+01:00'), 'time_zone', 'is not a time zone of the IANA database'],
      ['no working days', (c) => (c.working_days = []), 'working_days', 'needs at least 1 entry'],
      ['weekday name', (c) => (c.working_days[4] = 'friday'), 'working_days[4]', 'must be one of mon, tue, wed, thu, fri, sat, sun'],
      ['weekday twice', (c) => c.working_days.push('mon'), 'working_days[5]', "'mon' is listed more than once"],
      ['time of day', (c) => (c.working_hours.start = '9am'), 'working_hours.start', 'must be a time of day such as 09:00'],
      ['hours too short', (c) => (c.working_hours = { start: '09:00', end: '09:30' }), 'working_hours.end', 'working hours must last at least an hour (09:00–09:30 is 30 minutes)'],
      ['after-hours rule', (c) => (c.received_after_hours = 'next_day'), 'received_after_hours', 'must be one of next_working_day, same_day'],
      ['holiday date format', (c) => (c.holidays[0].date = '25/12/2026'), 'holidays[0].date', 'must be a date such as 2026-12-25'],
      ['holiday that is no day', (c) => (c.holidays[0].date = '2026-02-30'), 'holidays[0].date', '2026-02-30 is not a day of the calendar'],
      ['holiday twice', (c) => c.holidays.push({ date: '2026-12-25', name: 'again' }), 'holidays[1].date', '2026-12-25 is listed more than once (also holidays[0])'],
      ['holiday name', (c) => delete c.holidays[0].name, 'holidays[0].name', 'is required (text)'],
      ['unknown property', (c) => (c.timezone = 'UTC'), 'timezone', "unknown property (did you mean 'time_zone'?)"],
      ['key', (c) => (c.key = 'UK'), 'key', 'use 2 to 40 lower-case letters, digits and -'],
    ];
    for (const [rule, mutate, at, message] of cases) {
      it(`${rule}: ${at}`, () => {
        const errors = errorsOf(mutate);
        expect(errors.find((e) => e.path === at && e.message.includes(message)), JSON.stringify(errors)).to.not.equal(undefined);
      });
    }
  });

  describe('files', () => {
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'calendars-'))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('a folder without calendars has none', () => {
      expect(calendarFiles(calendarsDir(dir))).to.deep.equal([]);
    });

    it('requires the key to equal the file name', () => {
      const file = path.join(dir, 'office-hours.yaml');
      writeFileSync(file, YAML.stringify(base()));
      expect(checkCalendarFile(file)).to.deep.equal({ ok: false, errors: [{ path: 'key', message: "must equal the file name without extension ('office-hours')" }] });
    });

    it('the checker checks calendar files and the calendar each definition names, each problem with its path', function () {
      this.timeout(30_000);
      mkdirSync(path.join(dir, 'calendars'));
      const calendar = path.join(dir, 'calendars', 'office.yaml');
      writeFileSync(calendar, YAML.stringify({ ...base(), time_zone: 'Europe/Lndon' }));
      const definition = path.join(dir, 'hr-grievance.yaml');
      const text = readFileSync(path.join(ROOT, 'definitions', 'hr-grievance.yaml'), 'utf8').replace(/^team: .*$/m, '$&\ncalendar: uk-englnd');
      writeFileSync(definition, text);
      const result = spawnSync(process.execPath, [require.resolve('tsx/cli'), 'scripts/check-definitions.ts', calendar, definition], { cwd: ROOT, encoding: 'utf8' });
      expect(result.stdout.trim().split('\n')).to.deep.equal([
        `${calendar}: time_zone: 'Europe/Lndon' is not a time zone of the IANA database (did you mean 'Europe/London'?); use a name such as Europe/London or Australia/Sydney`,
        `${definition}: calendar: no calendar 'uk-englnd' is published (did you mean 'uk-england'?)`,
      ]);
      expect(result.status).to.equal(1);
    });
  });
});
