/**
 * The date library, loaded the first time a calendar is counted on rather than when the code is.
 * Each case's workflow evaluates its own copy of the modules it loads, and the IANA rules that
 * @js-joda/timezone carries take about 8 MB once read: a case whose definition names no calendar
 * counts calendar time with plain UTC arithmetic and never loads them.
 */
type Joda = typeof import('@js-joda/core');

let loaded: Joda | undefined;

export function joda(): Joda {
  if (!loaded) {
    const core = require('@js-joda/core') as Joda;
    require('@js-joda/timezone');
    loaded = core;
  }
  return loaded;
}
