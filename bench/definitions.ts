/**
 * Part 6: checking a definition as large as a request may carry, the work a designer's
 * `POST /definitions/validate` puts on the API's event loop. Each heavy shape is checked a few
 * times; the slowest check counts.
 */
import { performance } from 'node:perf_hooks';
import { LIMITS } from '../common/definition-limits';
import { validateDefinitionText } from '../definitions/validate';
import { HEAVY_DEFINITIONS, heavyYaml } from '../test/fixtures/heavy-definitions';

const ROUNDS = 3;

export interface DefinitionsResult {
  shapes: number;
  /** The slowest check of each shape, in ms. */
  slowestMs: Record<string, number>;
  worstMs: number;
}

export function definitionsPart(): DefinitionsResult {
  const texts: Array<[string, string, 'json' | 'yaml']> = [
    ...Object.entries(HEAVY_DEFINITIONS).map(([name, make]) => [`json: ${name}`, JSON.stringify(make()), 'json'] as [string, string, 'json']),
    ...Object.entries(heavyYaml(LIMITS.yamlLength)).map(([name, text]) => [`yaml: ${name}`, text, 'yaml'] as [string, string, 'yaml']),
  ];
  const slowestMs: Record<string, number> = {};
  for (const [name, text, format] of texts) {
    let slowest = 0;
    for (let i = 0; i < ROUNDS; i++) {
      const started = performance.now();
      validateDefinitionText(text, format);
      slowest = Math.max(slowest, performance.now() - started);
    }
    slowestMs[name] = Math.round(slowest);
    console.log(`  ${name}: ${slowestMs[name]} ms (${text.length} characters)`);
  }
  return { shapes: texts.length, slowestMs, worstMs: Math.max(...Object.values(slowestMs)) };
}
