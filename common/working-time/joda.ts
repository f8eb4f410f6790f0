/**
 * The date library, loaded the first time a calendar is counted on rather than when the code is.
 * Each case's workflow evaluates its own copy of the modules it loads, and the whole IANA database
 * that @js-joda/timezone carries takes about 8 MB once read. So a case is given the rules of its
 * calendar's one zone with the calendar (a few kilobytes, read from the same pinned package by
 * `definitions/pinned-calendar.ts`), and loads the provider without data; only a case whose
 * calendar came without them (a history recorded before they were sent) reads the whole database.
 * A case whose definition names no calendar counts calendar time in UTC and never loads either.
 */
type Joda = typeof import('@js-joda/core');

/** The packed form @js-joda/timezone keeps zones in: one zone's rules, and the names linked to it. */
export interface PackedZoneRules {
  version: string;
  zones: string[];
  links: string[];
}

/** What the time-zone package adds to js-joda's provider, which js-joda's own types do not name. */
export interface TzdbProvider {
  getTzdbData(): PackedZoneRules;
  loadTzdbData(rules: PackedZoneRules): void;
}

let loaded: Joda | undefined;

/** Loads the rules of the zones a case counts in; from then on only those zones are known. */
export function useZoneRules(rules: PackedZoneRules): void {
  if (!loaded) {
    loaded = require('@js-joda/core') as Joda;
    require('@js-joda/timezone/dist/js-joda-timezone-empty.js');
  }
  (loaded.ZoneRulesProvider as unknown as TzdbProvider).loadTzdbData(rules);
}

export function joda(): Joda {
  if (!loaded) {
    const core = require('@js-joda/core') as Joda;
    require('@js-joda/timezone');
    loaded = core;
  }
  return loaded;
}
