/** Request schemas of the calendar routes; bodies are calendars, checked by definitions/calendar-validate.ts. */
import { z } from 'zod';

const key = z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, 'is not a calendar key such as uk-england');
const version = z
  .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a version number such as 2') })
  .regex(/^[1-9]\d{0,8}$/, 'must be a version number such as 2')
  .transform(Number);

export const calendarKeyParams = z.object({ key }).strict();
export const calendarVersionParams = z.object({ key, version }).strict();
