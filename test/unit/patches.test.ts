/** The list of patches is the one `npm run patches:check` reads, so every patch the workflow meets must be in it. */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import * as patches from '../../workflows/patches';
import { CASE_PATCHES } from '../../workflows/patches';
import { describeStanding, lackingQuery, patchesNamed, UnknownPatchError } from '../../scripts/patch-markers';

const WORKFLOWS = path.resolve(__dirname, '..', '..', 'workflows');
const sources = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));

describe('the patches of the case workflow', () => {
  it('names every patch a workflow module meets by a constant of workflows/patches.ts, and lists each one once', () => {
    const constants = new Map(Object.entries(patches).filter(([, v]) => typeof v === 'string') as [string, string][]);
    const met = new Set<string>();
    for (const file of sources(WORKFLOWS)) {
      for (const [, argument] of fs.readFileSync(file, 'utf8').matchAll(/\b(?:patched|deprecatePatch)\(([^)]+)\)/g)) {
        expect(constants.has(argument), `${path.relative(WORKFLOWS, file)}: patched(${argument}) names no constant of workflows/patches.ts`).to.equal(true);
        met.add(constants.get(argument)!);
      }
    }
    const listed = CASE_PATCHES.map((p) => p.id);
    expect(new Set(listed).size).to.equal(listed.length);
    expect([...met].sort()).to.deep.equal([...listed].sort());
  });

  it('asks visibility for the running cases of one task queue that lack a marker, and refuses a name it cannot quote', () => {
    expect(lackingQuery('single-alarm', 'cases')).to.equal(
      "WorkflowType = 'caseWorkflow' AND TaskQueue = 'cases' AND ExecutionStatus = 'Running' AND (TemporalChangeVersion IS NULL OR TemporalChangeVersion NOT IN ('single-alarm'))",
    );
    expect(() => lackingQuery('single-alarm', "cases' OR 'a' = 'a")).to.throw(/holds a quote/);
  });

  it('checks every patch unless told which, and names the known ones when told a wrong one', () => {
    expect(patchesNamed([])).to.deep.equal(CASE_PATCHES);
    expect(patchesNamed(['bounded-rules']).map((p) => p.id)).to.deep.equal(['bounded-rules']);
    expect(() => patchesNamed(['bounded-rule'])).to.throw(UnknownPatchError, /no patch is named 'bounded-rule'; the patches are serial-recording-by-waiter, .*small-answers/);
  });

  it('says how many cases lack a marker and names some, or that the old branch may go', () => {
    const patch = CASE_PATCHES.find((p) => p.id === 'single-alarm')!;
    expect(describeStanding({ patch, lacking: 0, sample: [] })).to.equal('single-alarm: every open case has the marker; the old branch (starts a timer for every wait instead of one alarm) may be removed');
    expect(describeStanding({ patch, lacking: 12, sample: ['a-1', 'a-2'] })).to.equal('single-alarm: 12 open cases lack the marker, so the old branch (starts a timer for every wait instead of one alarm) stays: a-1, a-2, and 10 more');
  });
});
