/**
 * Definition files: the YAML files in this folder, one definition per file, named after its key
 * (`hr-grievance.yaml` holds the definition with `key: hr-grievance`). Also the canonical form of a
 * definition, whose hash identifies a version's content.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Definition } from '../common/definition-schema';
import { validateDefinitionText, type DefinitionProblem, type ValidationOptions, type ValidationResult } from './validate';

/** This folder, also when running from a build in dist/. */
export const DEFINITIONS_DIR =
  path.basename(path.dirname(__dirname)) === 'dist' ? path.resolve(__dirname, '..', '..', 'definitions') : __dirname;

export interface DefinitionFile {
  file: string;
  definition: Definition;
}
export interface DefinitionFileProblem extends DefinitionProblem {
  file: string;
}

/** One or more definition files are invalid; `problems` lists every problem in every file. */
export class DefinitionFilesError extends Error {
  constructor(readonly problems: DefinitionFileProblem[]) {
    super(`invalid definition files:\n${problems.map((i) => `${i.file}: ${i.path}: ${i.message}`).join('\n')}`);
    this.name = 'DefinitionFilesError';
  }
}

/** The definition files in a folder (`*.yaml` and `*.yml`), sorted by name. */
export function definitionFiles(dir: string = DEFINITIONS_DIR): string[] {
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => path.join(dir, name));
}

/** Reads and validates one file; its key must equal its name without the extension. */
export function checkDefinitionFile(file: string, options: ValidationOptions = {}): ValidationResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { ok: false, errors: [{ path: '(document)', message: `cannot read the file: ${(error as Error).message}` }] };
  }
  const result = validateDefinitionText(text, path.extname(file) === '.json' ? 'json' : 'yaml', options);
  const expected = path.basename(file).replace(/\.(ya?ml|json)$/, '');
  if (result.ok && result.definition.key !== expected) {
    return { ok: false, errors: [{ path: 'key', message: `must equal the file name without extension ('${expected}')` }] };
  }
  return result;
}

/** Every definition file in a folder, validated; throws DefinitionFilesError listing all problems. */
export function loadDefinitionFiles(dir: string = DEFINITIONS_DIR, options: ValidationOptions = {}): DefinitionFile[] {
  const loaded: DefinitionFile[] = [];
  const problems: DefinitionFileProblem[] = [];
  for (const file of definitionFiles(dir)) {
    const result = checkDefinitionFile(file, options);
    if (result.ok) loaded.push({ file, definition: result.definition });
    else problems.push(...result.errors.map((e) => ({ file, ...e })));
  }
  if (problems.length) throw new DefinitionFilesError(problems);
  return loaded;
}

/**
 * JSON with the keys of every object sorted (by UTF-16 code units) and no white space, so equal
 * content always gives equal text. Like JSON.stringify, undefined entries are left out of objects.
 */
export function canonicalJson(value: unknown): string {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return canonicalJson((value as { toJSON: () => unknown }).toJSON());
  }
  if (Array.isArray(value)) {
    return `[${value.map((v) => (v === undefined || typeof v === 'function' ? 'null' : canonicalJson(v))).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined && typeof v !== 'function')
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** sha256 (hex) of a definition's canonical JSON: the identity of a version's content. */
export function canonicalHash(definition: Definition): string {
  return createHash('sha256').update(canonicalJson(definition)).digest('hex');
}
