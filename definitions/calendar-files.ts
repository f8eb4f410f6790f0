/**
 * Calendar files: the YAML files in definitions/calendars/, one calendar per file, named after its
 * key (`uk-england.yaml` holds `key: uk-england`).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Calendar } from './calendar-schema';
import { validateCalendarText, type CalendarValidation } from './calendar-validate';
import { canonicalJson, DefinitionFilesError, DEFINITIONS_DIR, type DefinitionFileProblem } from './loader';

export const CALENDARS_FOLDER = 'calendars';
/** The calendars folder of a definitions folder. */
export const calendarsDir = (definitionsDir: string = DEFINITIONS_DIR): string => path.join(definitionsDir, CALENDARS_FOLDER);

export interface CalendarFile {
  file: string;
  calendar: Calendar;
}

/** The calendar files in a folder (`*.yaml` and `*.yml`), sorted by name; none when there is no folder. */
export function calendarFiles(dir: string = calendarsDir()): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => path.join(dir, name));
}

/** Reads and validates one file; its key must equal its name without the extension. */
export function checkCalendarFile(file: string): CalendarValidation {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { ok: false, errors: [{ path: '(document)', message: `cannot read the file: ${(error as Error).message}` }] };
  }
  const result = validateCalendarText(text, path.extname(file) === '.json' ? 'json' : 'yaml');
  const expected = path.basename(file).replace(/\.(ya?ml|json)$/, '');
  if (result.ok && result.calendar.key !== expected) {
    return { ok: false, errors: [{ path: 'key', message: `must equal the file name without extension ('${expected}')` }] };
  }
  return result;
}

/** Every calendar file in a folder, validated; throws DefinitionFilesError listing all problems. */
export function loadCalendarFiles(dir: string = calendarsDir()): CalendarFile[] {
  const loaded: CalendarFile[] = [];
  const problems: DefinitionFileProblem[] = [];
  for (const file of calendarFiles(dir)) {
    const result = checkCalendarFile(file);
    if (result.ok) loaded.push({ file, calendar: result.calendar });
    else problems.push(...result.errors.map((e) => ({ file, ...e })));
  }
  if (problems.length) throw new DefinitionFilesError(problems);
  return loaded;
}

/** sha256 (hex) of a calendar's canonical JSON: the identity of a version's content. */
export function calendarHash(calendar: Calendar): string {
  return createHash('sha256').update(canonicalJson(calendar)).digest('hex');
}
