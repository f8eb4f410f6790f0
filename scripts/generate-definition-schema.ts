/**
 * Writes the JSON Schemas of case definitions (definitions/case-definition.schema.json) and of
 * working calendars (definitions/calendar.schema.json) from the zod schemas in common/definition-schema.ts and definitions/calendar-schema.ts. Editors
 * use them to check and complete the files.
 *
 *   tsx scripts/generate-definition-schema.ts
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { calendarSchema } from '../definitions/calendar-schema';
import { definitionSchema } from '../common/definition-schema';

export const SCHEMA_FILE = path.resolve(__dirname, '..', 'definitions', 'case-definition.schema.json');
export const SCHEMA_ID = 'urn:casework:case-definition';
export const CALENDAR_SCHEMA_FILE = path.resolve(__dirname, '..', 'definitions', 'calendar.schema.json');
export const CALENDAR_SCHEMA_ID = 'urn:casework:calendar';

/** Draft 2020-12, describing documents as designers write them. */
function jsonSchema(schema: z.ZodType, id: string, title: string, description: string): string {
  const { $schema, ...rest } = z.toJSONSchema(schema, { io: 'input' });
  return `${JSON.stringify({ $schema, $id: id, title, description, ...rest }, null, 2)}\n`;
}

/** The text of the case definitions' schema file. */
export function definitionJsonSchema(): string {
  return jsonSchema(
    definitionSchema,
    SCHEMA_ID,
    'Case definition',
    'A case definition: forms, screening, risk, planning, follow-up, deadlines and notifications of one kind of case',
  );
}

/** The text of the calendars' schema file. */
export function calendarJsonSchema(): string {
  return jsonSchema(
    calendarSchema,
    CALENDAR_SCHEMA_ID,
    'Working calendar',
    'A working calendar: the time zone, working days and hours, and holidays that working-time durations count on',
  );
}

if (require.main === module) {
  writeFileSync(SCHEMA_FILE, definitionJsonSchema());
  writeFileSync(CALENDAR_SCHEMA_FILE, calendarJsonSchema());
  for (const file of [SCHEMA_FILE, CALENDAR_SCHEMA_FILE]) console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
