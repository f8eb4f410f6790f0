/**
 * What changed between two versions of a definition, as a list of changes at paths written the way
 * validation writes them (`follow_up.cadence.high`, `forms.intake[2]`), so designers read both alike.
 *
 * Lists are aligned on their unchanged entries, so a field inserted in the middle of a form is one
 * addition rather than a change to every field after it. An added or changed entry is named by its
 * index in the newer version, a removed one by its index in the older.
 */
import { canonicalJson } from '../common/canonical-json';
import { formatPath } from './validate';

export type ChangeKind = 'added' | 'removed' | 'changed';

export interface DefinitionChange {
  path: string;
  change: ChangeKind;
  from?: unknown;
  to?: unknown;
}

type Path = ReadonlyArray<string | number>;
type Entries = Record<string, unknown>;

const isEntries = (value: unknown): value is Entries => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The changes that turn `from` into `to`; none when they are equal whatever their key order. */
export function diffDefinitions(from: unknown, to: unknown): DefinitionChange[] {
  const changes: DefinitionChange[] = [];
  compare(from, to, [], changes);
  return changes;
}

function compare(a: unknown, b: unknown, path: Path, out: DefinitionChange[]): void {
  if (canonicalJson(a) === canonicalJson(b)) return;
  if (isEntries(a) && isEntries(b)) return compareEntries(a, b, path, out);
  if (Array.isArray(a) && Array.isArray(b)) return compareLists(a, b, path, out);
  out.push({ path: formatPath(path), change: 'changed', from: a, to: b });
}

function compareEntries(a: Entries, b: Entries, path: Path, out: DefinitionChange[]): void {
  // An entry set to undefined is absent, as it is once stored as JSON.
  for (const key of Object.keys(a)) {
    if (a[key] === undefined) continue;
    if (b[key] === undefined) out.push({ path: formatPath([...path, key]), change: 'removed', from: a[key] });
    else compare(a[key], b[key], [...path, key], out);
  }
  for (const key of Object.keys(b)) {
    if (b[key] !== undefined && a[key] === undefined) out.push({ path: formatPath([...path, key]), change: 'added', to: b[key] });
  }
}

function compareLists(a: unknown[], b: unknown[], path: Path, out: DefinitionChange[]): void {
  const ka = a.map(canonicalJson);
  const kb = b.map(canonicalJson);
  // common[i][j]: how many entries a[i..] and b[j..] can keep unchanged (their longest common subsequence).
  const common = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      common[i][j] = ka[i] === kb[j] ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
    }
  }
  let gapA: number[] = [];
  let gapB: number[] = [];
  // Between two unchanged entries, entries at the same place were edited; the rest came or went.
  const flush = () => {
    const paired = Math.min(gapA.length, gapB.length);
    for (let k = 0; k < paired; k++) compare(a[gapA[k]], b[gapB[k]], [...path, gapB[k]], out);
    for (const i of gapA.slice(paired)) out.push({ path: formatPath([...path, i]), change: 'removed', from: a[i] });
    for (const j of gapB.slice(paired)) out.push({ path: formatPath([...path, j]), change: 'added', to: b[j] });
    gapA = [];
    gapB = [];
  };
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (ka[i] === kb[j]) {
      flush();
      i++;
      j++;
    } else if (common[i + 1][j] >= common[i][j + 1]) gapA.push(i++);
    else gapB.push(j++);
  }
  while (i < a.length) gapA.push(i++);
  while (j < b.length) gapB.push(j++);
  flush();
}
