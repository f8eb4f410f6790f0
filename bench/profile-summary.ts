/**
 * `npx tsx bench/profile-summary.ts <file.cpuprofile>… [--top N]`: where a process's CPU went, from
 * the profiles BENCH_PROFILE_DIR collects. Time spent loading modules (start-up, and a workflow's
 * bundle evaluated as it starts is kept) is left out, so what remains is the work the benchmark
 * gave the process. Self time per package (or project folder) and per function, in ms and as a
 * share of the samples, so two runs can be compared part by part.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Frames of Node loading a module from disk: start-up, not the benchmark's work. */
const LOADING = new Set(['Module._load', 'run', 'ModuleJob.run', 'ModuleLoader.import']);
const isLoading = (n: ProfileNode) => LOADING.has(n.callFrame.functionName) && n.callFrame.url.startsWith('node:internal/modules');

/** The package a script belongs to, the project folder it is in, or what V8 calls it. */
export function areaOf(url: string, functionName: string): string {
  if (!url) return `(${functionName || 'native'})`;
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return url;
  if (url.endsWith('workflow-bundle.js')) return 'the workflow bundle';
  const root = path.resolve(__dirname, '..');
  const file = url.replace(/^file:\/\//, '');
  if (file.startsWith(root)) return file.slice(root.length + 1).split('/')[0] + '/';
  return url.length > 60 ? `…${url.slice(-60)}` : url;
}

export function summarize(profile: Profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const loading = new Map<number, boolean>();
  const underLoading = (id: number): boolean => {
    const known = loading.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id);
    const up = parent.get(id);
    const result = node !== undefined && (isLoading(node) || (up !== undefined && underLoading(up)));
    loading.set(id, result);
    return result;
  };
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  let totalUs = 0;
  let loadingUs = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    const node = byId.get(id);
    if (!node || node.callFrame.functionName === '(idle)') return;
    if (underLoading(id)) {
      loadingUs += us;
      return;
    }
    totalUs += us;
    const { functionName, url, lineNumber } = node.callFrame;
    const area = areaOf(url, functionName);
    areas.set(area, (areas.get(area) ?? 0) + us);
    const fn = `${functionName || '(anonymous)'} ${url ? `${path.basename(url)}:${lineNumber + 1}` : ''}`.trim();
    functions.set(fn, (functions.get(fn) ?? 0) + us);
  });
  const ranked = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return { totalMs: totalUs / 1000, loadingMs: loadingUs / 1000, areas: ranked(areas), functions: ranked(functions) };
}

function main(): void {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '15' } } });
  const top = Number(values.top);
  for (const file of positionals) {
    const s = summarize(JSON.parse(fs.readFileSync(file, 'utf8')) as Profile);
    const pct = (us: number) => `${((us / 1000 / s.totalMs) * 100).toFixed(1)}%`;
    console.log(`\n${path.basename(file)}: ${s.totalMs.toFixed(0)} ms on CPU (and ${s.loadingMs.toFixed(0)} ms loading modules, left out)`);
    console.log('  by area:');
    for (const [name, us] of s.areas.slice(0, top)) console.log(`    ${(us / 1000).toFixed(0).padStart(7)} ms ${pct(us).padStart(6)}  ${name}`);
    console.log('  by function (self):');
    for (const [name, us] of s.functions.slice(0, top)) console.log(`    ${(us / 1000).toFixed(0).padStart(7)} ms ${pct(us).padStart(6)}  ${name}`);
  }
}

if (require.main === module) main();
