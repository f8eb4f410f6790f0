/**
 * Versioned schema migrations, in order. Migrations are listed here rather than read from a folder
 * so that they run the same from TypeScript sources and from a compiled build.
 */
import type { Knex } from 'knex';
import * as m001 from './001-foundation';
import * as m002 from './002-users';
import * as m003 from './003-outbox';
import * as m004 from './004-reports';
import * as m005 from './005-api-keys';
import * as m006 from './006-idempotency';
import * as m007 from './007-case-open-requests';
import * as m008 from './008-written-at';
import * as m009 from './009-documents';
import * as m010 from './010-case-view';
import * as m011 from './011-case-origins';
import * as m012 from './012-audit-log';
import * as m013 from './013-definition-owners';
import * as m014 from './014-approved-addresses';
import * as m020 from './020-outbox-claims';
import * as m030 from './030-case-projection';
import * as m040 from './040-unique-emails';
import * as m041 from './041-sign-in';
import * as m042 from './042-saved-views';
import * as m050 from './050-calendars';
import * as m060 from './060-work-indexes';
import * as m070 from './070-case-clocks';
import * as m080 from './080-case-links';
import * as m081 from './081-retention';
import * as m082 from './082-version-moves';
import * as m090 from './090-shared-limits';
import * as m100 from './100-definition-studio';
import * as m101 from './101-dashboard-indexes';
import * as m110 from './110-routing';
import * as m130 from './130-visit-ends';
import * as m140 from './140-move-job-runners';
import * as m150 from './150-absence-hand-back';
import * as m160 from './160-read-model-gaps';
import * as m170 from './170-auth-version';
import * as m180 from './180-visit-times';
import * as m190 from './190-open-case-counts';
import * as m120 from './120-plan-indexes';

interface Migration {
  up(db: Knex): Promise<void>;
  down(db: Knex): Promise<void>;
}

const migrations: Record<string, Migration> = {
  '001-foundation': m001,
  '002-users': m002,
  '003-outbox': m003,
  '004-reports': m004,
  '005-api-keys': m005,
  '006-idempotency': m006,
  '007-case-open-requests': m007,
  '008-written-at': m008,
  '009-documents': m009,
  '010-case-view': m010,
  '011-case-origins': m011,
  '012-audit-log': m012,
  '013-definition-owners': m013,
  '014-approved-addresses': m014,
  '020-outbox-claims': m020,
  '030-case-projection': m030,
  '040-unique-emails': m040,
  '041-sign-in': m041,
  '042-saved-views': m042,
  '050-calendars': m050,
  '060-work-indexes': m060,
  '070-case-clocks': m070,
  '080-case-links': m080,
  '081-retention': m081,
  '082-version-moves': m082,
  '090-shared-limits': m090,
  '100-definition-studio': m100,
  '101-dashboard-indexes': m101,
  '110-routing': m110,
  '130-visit-ends': m130,
  '140-move-job-runners': m140,
  '150-absence-hand-back': m150,
  '160-read-model-gaps': m160,
  '170-auth-version': m170,
  '120-plan-indexes': m120,
  '180-visit-times': m180,
  '190-open-case-counts': m190,
};

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations),
  getMigrationName: (name) => name,
  getMigration: async (name) => migrations[name],
};
