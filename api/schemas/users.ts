/** Request schemas of the user and API key routes. */
import { z } from 'zod';
import { ROLES } from '../../common/phases';
import { plainText, team } from './text';

// Ids the engine writes into trails itself; no person may take them.
const RESERVED_IDS = ['system', 'anonymous'];

export const userId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}$/, 'is not a user id (letters, digits and . _ @ + -)')
  .refine((id) => !RESERVED_IDS.includes(id.toLowerCase()), 'is reserved');

const roles = z
  .array(z.enum(ROLES))
  .min(1, 'give at least one role')
  .max(ROLES.length)
  .refine((r) => new Set(r).size === r.length, 'names a role twice')
  .meta({ uniqueItems: true });
const teams = z
  .array(team)
  .max(50)
  .refine((t) => new Set(t).size === t.length, 'names a team twice')
  .meta({ uniqueItems: true });

export const userIdParams = z.object({ id: userId }).strict();

export const createUserBody = z
  .object({
    id: userId,
    name: plainText(200),
    email: z.email('is not an e-mail address').max(320),
    roles,
    teams: teams.default([]),
    active: z.boolean().default(true),
  })
  .strict();

export const updateUserBody = z
  .object({
    name: plainText(200).optional(),
    email: z.email('is not an e-mail address').max(320).optional(),
    roles: roles.optional(),
    teams: teams.optional(),
    active: z.boolean().optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'name at least one field to change')
  .meta({ minProperties: 1 });

export const apiKeyIdParams = z.object({ id: z.string().regex(/^key_[0-9a-f]{16}$/, 'is not an API key id such as key_0123456789abcdef') }).strict();

export const createApiKeyBody = z.object({ userId, name: plainText(200) }).strict();

export const listApiKeysQuery = z.object({ userId: userId.optional() }).strict();
