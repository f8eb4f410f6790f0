/**
 * Checks that every import points down: a file may import from its own layer or a lower one, never
 * from a higher one, and no files import one another in a circle (type-only imports count too).
 * `npm test` runs it (test/unit/layers.test.ts); alone:
 *
 *   tsx scripts/check-layers.ts
 *
 * The files are those of tsconfig.json, so a new folder must be given a layer below as well.
 * Prints one line per problem and exits with 1 when there is any.
 */
import path from 'node:path';
import ts from 'typescript';

/**
 * The layers, lowest first. A file belongs to the entry that is the longest prefix of its path (a
 * folder or one file), and may import from its own layer and the ones before it.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ['common'], // the shared vocabulary: phases, case types, messages, the definition schema
  ['definitions', 'reports'], // pure libraries: checking definitions; computing and rendering reports
  ['store', 'runtime'], // the read model's SQL; configuration and connections
  ['activities', 'workflows'], // workflows take only types from activities and the store (eslint.config.mjs)
  ['worker'],
  ['api/schemas'], // request schemas and the case-command table
  ['api', 'api/auth'], // problems, validation, idempotency, the case service, who may do what
  ['api/openapi'],
  ['api/routes', 'console'], // the JSON API's routes and the console's pages, over the same services
  ['server'], // the process: the API and the console in one Express app, listening
  ['scripts'],
  ['test/helpers', 'test/fixtures'],
  ['bench', 'chaos', 'fuzz'],
  ['test'],
];

export const ROOT = path.resolve(__dirname, '..');

/** The layer of a file (a path relative to the root, with `/`), or undefined when no entry holds it. */
export function layerOf(file: string): { index: number; entry: string } | undefined {
  let found: { index: number; entry: string } | undefined;
  LAYERS.forEach((entries, index) => {
    for (const entry of entries) {
      const holds = file === entry || file.startsWith(`${entry}/`);
      if (holds && (!found || entry.length > found.entry.length)) found = { index, entry };
    }
  });
  return found;
}

/** The project's own files that a file imports, relative to the root. */
function importsOf(file: string, text: string, options: ts.CompilerOptions, host: ts.ModuleResolutionHost): string[] {
  const { importedFiles } = ts.preProcessFile(text, true, true);
  const targets = new Set<string>();
  for (const { fileName: specifier } of importedFiles) {
    const resolved = ts.resolveModuleName(specifier, path.join(ROOT, file), options, host).resolvedModule;
    if (!resolved || resolved.isExternalLibraryImport) continue;
    const target = path.relative(ROOT, resolved.resolvedFileName).split(path.sep).join('/');
    if (!target.startsWith('..') && !target.startsWith('node_modules/')) targets.add(target);
  }
  return [...targets];
}

/** Circles of imports: the strongly connected components of more than one file, or a file importing itself. */
function cycles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(circleThrough(graph, new Set(component), component.sort()[0]));
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return found;
}

/** One circle through `start` inside a component: the shortest path back to it. */
function circleThrough(graph: Map<string, string[]>, component: Set<string>, start: string): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const v = queue.shift()!;
    for (const w of graph.get(v) ?? []) {
      if (!component.has(w)) continue;
      if (w === start) {
        const between: string[] = [];
        for (let u = v; u !== start; u = previous.get(u)!) between.unshift(u);
        return [start, ...between, start];
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}

/**
 * Every problem in the project: imports that point up, circles, and files in no layer. `texts`
 * stands in for files' contents (by path from the root), so a test can try an import without
 * writing it.
 */
export function checkLayers(texts: Record<string, string> = {}): string[] {
  const configFile = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  const { fileNames, options } = ts.parseJsonConfigFileContent(configFile.config, ts.sys, ROOT);
  const files = fileNames.map((f) => path.relative(ROOT, f).split(path.sep).join('/')).sort();
  const problems: string[] = [];
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = texts[file] ?? ts.sys.readFile(path.join(ROOT, file)) ?? '';
    const targets = importsOf(file, text, options, ts.sys);
    graph.set(file, targets);
    const from = layerOf(file);
    if (!from) {
      problems.push(`${file}: in no layer; give its folder one in LAYERS (scripts/check-layers.ts)`);
      continue;
    }
    for (const target of targets) {
      const to = layerOf(target);
      if (to && to.index > from.index) {
        problems.push(`${file} imports ${target}, which is higher (${to.entry} is above ${from.entry}): move the shared part down`);
      }
    }
  }
  for (const circle of cycles(graph)) problems.push(`circle of imports: ${circle.join(' → ')}`);
  return problems;
}

if (require.main === module) {
  const problems = checkLayers();
  for (const problem of problems) console.log(problem);
  if (problems.length === 0) console.log(`ok: every import points down (${LAYERS.length} layers)`);
  process.exitCode = problems.length ? 1 : 0;
}
