/** Request schemas of the definition routes; bodies are definitions, checked by definitions/validate.ts. */
import { z } from 'zod';

/** application/yaml is the registered type (RFC 9512); tools still send the older two. */
export const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml'];
export const DEFINITION_TYPES = ['application/json', ...YAML_TYPES];

const key = z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, 'is not a definition key such as hr-grievance');
const version = z
  .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a version number such as 2') })
  .regex(/^[1-9]\d{0,8}$/, 'must be a version number such as 2')
  .transform(Number);

export const definitionKeyParams = z.object({ key }).strict();
export const definitionVersionParams = z.object({ key, version }).strict();
export const diffQuery = z.object({ from: version, to: version }).strict();
