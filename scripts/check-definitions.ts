/**
 * Checks definition and calendar files and prints every problem:
 *
 *   tsx scripts/check-definitions.ts [file…]
 *
 * Without files it checks every definitions/calendars/*.yaml and every definitions/*.yaml. A file in
 * a folder named calendars is a calendar; any other a definition, whose `calendar` must be one of
 * the good calendar files (of definitions/calendars/, or given). Prints `file: path: message` for
 * each problem and `ok file (key)` for each good file; exits with 1 when any file has a problem.
 */
import path from 'node:path';
import { calendarFiles, calendarsDir, CALENDARS_FOLDER, checkCalendarFile } from '../definitions/calendar-files';
import { checkDefinitionFile, definitionFiles, DEFINITIONS_DIR } from '../definitions/loader';

const relative = (file: string) => path.relative(process.cwd(), file);
const isCalendarFile = (file: string) => path.basename(path.dirname(path.resolve(file))) === CALENDARS_FOLDER;

function main(args: string[]): number {
  const files = args.length ? args : [...calendarFiles(calendarsDir(DEFINITIONS_DIR)), ...definitionFiles(DEFINITIONS_DIR)].map(relative);
  const calendarsGiven = files.filter(isCalendarFile);
  const shipped = calendarFiles(calendarsDir(DEFINITIONS_DIR)).filter((f) => !calendarsGiven.some((g) => path.resolve(g) === f));
  const calendars = new Set<string>();
  let failed = 0;
  const report = (file: string, errors: Array<{ path: string; message: string }>, key?: string) => {
    if (!errors.length) return console.log(`ok ${file} (${key})`);
    failed++;
    for (const error of errors) console.log(`${file}: ${error.path}: ${error.message}`);
  };
  for (const file of shipped) {
    const result = checkCalendarFile(file);
    if (result.ok) calendars.add(result.calendar.key);
  }
  for (const file of calendarsGiven) {
    const result = checkCalendarFile(file);
    if (result.ok) calendars.add(result.calendar.key);
    report(file, result.ok ? [] : result.errors, result.ok ? result.calendar.key : undefined);
  }
  for (const file of files.filter((f) => !isCalendarFile(f))) {
    const result = checkDefinitionFile(file, { calendars: [...calendars] });
    report(file, result.ok ? [] : result.errors, result.ok ? result.definition.key : undefined);
  }
  if (!files.length) console.log(`no definition files in ${relative(DEFINITIONS_DIR) || '.'}`);
  return failed ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
