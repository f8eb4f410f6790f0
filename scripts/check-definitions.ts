/**
 * Checks case definition files and prints every problem:
 *
 *   tsx scripts/check-definitions.ts [file…]
 *
 * Without files it checks every definitions/*.yaml. Prints `file: path: message` for each problem
 * and `ok file (key)` for each good file; exits with 1 when any file has a problem.
 */
import path from 'node:path';
import { checkDefinitionFile, definitionFiles, DEFINITIONS_DIR } from '../definitions/loader';

function main(args: string[]): number {
  const files = args.length ? args : definitionFiles(DEFINITIONS_DIR).map((file) => path.relative(process.cwd(), file));
  let failed = 0;
  for (const file of files) {
    const shown = file;
    const result = checkDefinitionFile(file);
    if (result.ok) {
      console.log(`ok ${shown} (${result.definition.key})`);
      continue;
    }
    failed++;
    for (const error of result.errors) console.log(`${shown}: ${error.path}: ${error.message}`);
  }
  if (!files.length) console.log(`no definition files in ${path.relative(process.cwd(), DEFINITIONS_DIR) || '.'}`);
  return failed ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
