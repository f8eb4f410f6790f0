/** A case is sent its calendar with the rules of that calendar's one time zone, so it reads no other. */
import { expect } from 'chai';
import { pinCalendar, zoneRulesOf } from '../../definitions/pinned-calendar';
import { checkCalendarFile } from '../../definitions/calendar-files';

describe('the rules of a pinned calendar', () => {
  it("holds one zone's packed rules, found by its name or by a name linked to it", () => {
    const london = zoneRulesOf('Europe/London');
    expect(london.version).to.match(/^\d{4}[a-z]$/);
    expect(london.zones.map((z) => z.split('|')[0])).to.deep.equal(['Europe/London']);
    expect(london.links).to.deep.equal([]);
    const gb = zoneRulesOf('GB');
    expect(gb.zones.map((z) => z.split('|')[0])).to.deep.equal(['Europe/London']);
    expect(gb.links).to.deep.equal(['Europe/London|GB']);
    expect(zoneRulesOf('UTC')).to.deep.include({ zones: ['Etc/UCT|UTC|0|0||'], links: ['Etc/UCT|UTC'] });
    expect(zoneRulesOf('Mars/Olympus_Mons').zones).to.deep.equal([]);
    // A few kilobytes, not the whole database's hundreds.
    expect(JSON.stringify(london).length).to.be.below(20_000);
  });

  it("pins a calendar version with its rules and its zone's", () => {
    const checked = checkCalendarFile('definitions/calendars/uk-england.yaml');
    if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
    const { calendar } = checked;
    const pinned = pinCalendar({ key: calendar.key, version: 1, hash: 'h' }, calendar);
    expect(pinned).to.deep.include({ key: calendar.key, version: 1, hash: 'h' });
    expect(pinned.rules.time_zone).to.equal('Europe/London');
    expect(pinned.zone).to.deep.equal(zoneRulesOf('Europe/London'));
  });
});
