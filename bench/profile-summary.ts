/**
 * `npx tsx bench/profile-summary.ts <file.cpuprofile>… [--top N]`: where a process's CPU went, from
 * the profiles BENCH_PROFILE_DIR collects. Self time per package (or project folder) and per
 * function, in ms and as a share of the samples, so two runs can be compared part by part.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The package a script belongs to, the project folder it is in, or what V8 calls it. */
export function areaOf(url: string, functionName: string): string {
  if (!url) return `(${functionName || 'native'})`;
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return url;
  const root = path.resolve(__dirname, '..');
  const file = url.replace(/^file:\/\//, '');
  if (file.startsWith(root)) return file.slice(root.length + 1).split('/')[0] + '/';
  // A workflow bundle names its modules by their path inside the bundle.
  const inBundle = /(?:\.\/|webpack-internal:\/\/\/?\.\/)(node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (inBundle) return inBundle[2];
  return url.length > 60 ? `…${url.slice(-60)}` : url;
}

export function summarize(profile: Profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  let totalUs = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    const node = byId.get(id);
    if (!node) return;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') return;
    totalUs += us;
    const area = areaOf(url, functionName);
    areas.set(area, (areas.get(area) ?? 0) + us);
    const fn = `${functionName || '(anonymous)'} ${url ? `${path.basename(url)}:${lineNumber + 1}` : ''}`.trim();
    functions.set(fn, (functions.get(fn) ?? 0) + us);
  });
  const ranked = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return { totalMs: totalUs / 1000, areas: ranked(areas), functions: ranked(functions) };
}

function main(): void {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '15' } } });
  const top = Number(values.top);
  for (const file of positionals) {
    const s = summarize(JSON.parse(fs.readFileSync(file, 'utf8')) as Profile);
    const pct = (us: number) => `${((us / 1000 / s.totalMs) * 100).toFixed(1)}%`;
    console.log(`\n${path.basename(file)}: ${s.totalMs.toFixed(0)} ms on CPU`);
    console.log('  by area:');
    for (const [name, us] of s.areas.slice(0, top)) console.log(`    ${(us / 1000).toFixed(0).padStart(7)} ms ${pct(us).padStart(6)}  ${name}`);
    console.log('  by function (self):');
    for (const [name, us] of s.functions.slice(0, top)) console.log(`    ${(us / 1000).toFixed(0).padStart(7)} ms ${pct(us).padStart(6)}  ${name}`);
  }
}

if (require.main === module) main();
