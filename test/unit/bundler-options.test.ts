/**
 * How the workflow code is bundled: the modules every case shares stay clear of the workflow API,
 * and the bundle is written in Latin-1 only, so that V8 keeps its source at one byte a character,
 * by escapes that change nothing the code computes.
 */
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { expect } from 'chai';
import ts from 'typescript';
import { latin1Source, PRELOADED_MODULES } from '../../worker/bundler-options';

const ROOT = path.resolve(__dirname, '../..');

/** Every module a project file imports, directly or through other project files, as written. */
function importsOf(file: string, seen = new Set<string>()): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const found: string[] = [];
  for (const { fileName } of ts.preProcessFile(fs.readFileSync(file, 'utf8')).importedFiles) {
    if (!fileName.startsWith('.')) {
      found.push(fileName);
      continue;
    }
    const target = require.resolve(path.resolve(path.dirname(file), fileName));
    found.push(path.relative(ROOT, target), ...importsOf(target, seen));
  }
  return found;
}

const code = [
  '// Implementation ⇄ follow-up — a comment',
  "const dash = 'Sat–Sun';",
  'const days = (a, b) => `${a}–${b}`;',
  "const ellipsis = /l\\.map\\(…\\)/.test('l.map(…)');",
  "const astral = '🗂 case';",
  '({ dash, range: days(25, 26), ellipsis, astral, astralLength: astral.length });',
].join('\n');

describe('modules shared by every case', () => {
  it('include the definitions\' expressions, which import neither the workflow API nor workflow code', () => {
    const ours = PRELOADED_MODULES.filter((m) => path.isAbsolute(m));
    expect(ours.map((m) => path.relative(ROOT, m))).to.include('definitions/expressions.ts');
    for (const module of ours) {
      const imports = importsOf(module);
      expect(imports).to.include('re2js');
      expect(imports.filter((m) => m.startsWith('@temporalio/') || m.startsWith('workflows/')), module).to.deep.equal([]);
    }
  });
});

describe('the workflow bundle as Latin-1', () => {
  it('escapes every character past Latin-1 and keeps those within it', () => {
    const escaped = latin1Source(`${code}\nconst latin1 = 'café ×';`);
    expect([...escaped].filter((ch) => ch.charCodeAt(0) > 0xff)).to.deep.equal([]);
    expect(escaped).to.contain("'café ×'");
    expect(escaped).to.contain("'Sat\\u2013Sun'");
  });

  it('computes the same values from strings, templates and regular expressions', () => {
    const before = vm.runInNewContext(code);
    const after = vm.runInNewContext(latin1Source(code));
    expect(after).to.deep.equal(before);
    expect(after).to.deep.equal({ dash: 'Sat–Sun', range: '25–26', ellipsis: true, astral: '🗂 case', astralLength: 7 });
  });
});
