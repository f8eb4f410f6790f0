/**
 * Definition documents from text: JSON, or YAML read within bounds. The yaml package takes about a
 * second per 400 KB of small nodes, checks that map keys are unique by comparing each key with every
 * other (a mapping of 15,000 keys takes seconds), and lets aliases repeat a part of the document
 * without end; so YAML text has a size limit, its aliases a count, and keys are compared here, in a
 * set, instead.
 */
import YAML, { isMap, isScalar, LineCounter } from 'yaml';
import { LIMITS } from '../common/definition-limits';

export interface DefinitionProblem {
  path: string;
  message: string;
}

/** Text that is not a definition document at all; `errors` are at path `(document)`. */
export class DefinitionSyntaxError extends Error {
  constructor(readonly errors: DefinitionProblem[]) {
    super(errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
    this.name = 'DefinitionSyntaxError';
  }
}

const refuse = (message: string) => new DefinitionSyntaxError([{ path: '(document)', message }]);

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const at = /position (\d+)/.exec(message);
    const before = text.slice(0, at ? Number(at[1]) : text.length).split('\n');
    const where = `line ${before.length}, column ${before[before.length - 1].length + 1}`;
    throw refuse(`JSON syntax error at ${where}: ${message}`);
  }
}

/** Keys that repeat within a mapping, as the yaml package words it. */
function duplicateKeys(doc: YAML.Document, lines: LineCounter): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  YAML.visit(doc, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const { key } of map.items) {
        const id = isScalar(key) ? `${typeof key.value}:${String(key.value)}` : `node:${String(key)}`;
        if (!seen.has(id)) {
          seen.add(id);
          continue;
        }
        const at = isScalar(key) || isMap(key) ? key.range?.[0] : undefined;
        const pos = at === undefined ? undefined : lines.linePos(at);
        problems.push({ path: '(document)', message: `YAML syntax error${pos ? ` at line ${pos.line}, column ${pos.col}` : ''}: Map keys must be unique` });
      }
    },
  });
  return problems;
}

function parseYaml(text: string): unknown {
  if (text.length > LIMITS.yamlLength) {
    throw refuse(`a YAML definition may have at most ${LIMITS.yamlLength} characters, and this one has ${text.length}; send a larger one as JSON`);
  }
  const lines = new LineCounter();
  const doc = YAML.parseDocument(text, { uniqueKeys: false, lineCounter: lines });
  const errors = doc.errors.map((e) => {
    const pos = e.linePos?.[0];
    const where = pos ? ` at line ${pos.line}, column ${pos.col}` : '';
    return { path: '(document)', message: `YAML syntax error${where}: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}` };
  });
  if (!errors.length) errors.push(...duplicateKeys(doc, lines));
  if (errors.length) throw new DefinitionSyntaxError(errors);
  try {
    return doc.toJS({ maxAliasCount: LIMITS.yamlAliases });
  } catch (error) {
    // The yaml package refuses aliases that would expand the document too far with a
    // ReferenceError; nesting too deep for the stack ends in a RangeError.
    if (!(error instanceof ReferenceError || error instanceof RangeError)) throw error;
    throw refuse(
      error instanceof RangeError
        ? 'the YAML document is nested too deeply'
        : `the YAML document's aliases (*name) would repeat too much of it; use fewer, at most ${LIMITS.yamlAliases} uses in all`,
    );
  }
}

/** A definition document from YAML (the default, which also reads JSON) or strict JSON text. */
export function parseDefinitionText(text: string, contentType: 'yaml' | 'json' = 'yaml'): unknown {
  return contentType === 'json' ? parseJson(text) : parseYaml(text);
}
