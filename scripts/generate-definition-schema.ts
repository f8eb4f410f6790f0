/**
 * Writes definitions/case-definition.schema.json, the JSON Schema of case definitions, from the zod
 * schema in common/definition-schema.ts. Editors use it to check and complete definition files.
 *
 *   tsx scripts/generate-definition-schema.ts
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { definitionSchema } from '../common/definition-schema';

export const SCHEMA_FILE = path.resolve(__dirname, '..', 'definitions', 'case-definition.schema.json');
export const SCHEMA_ID = 'urn:casework:case-definition';

/** The text of the schema file: draft 2020-12, describing definitions as designers write them. */
export function definitionJsonSchema(): string {
  const { $schema, ...rest } = z.toJSONSchema(definitionSchema, { io: 'input' });
  const schema = {
    $schema,
    $id: SCHEMA_ID,
    title: 'Case definition',
    description: 'A case definition: forms, screening, risk, planning, follow-up, deadlines and notifications of one kind of case',
    ...rest,
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (require.main === module) {
  writeFileSync(SCHEMA_FILE, definitionJsonSchema());
  console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
}
