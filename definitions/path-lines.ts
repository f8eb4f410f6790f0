/**
 * Where a problem's path (`forms.intake[2].type`, as the checker words it) is in YAML text: the line
 * of the deepest node on the path the text has, so a problem about a missing key points at the
 * mapping that lacks it. For editors that show problems beside their lines.
 */
import YAML, { isCollection, LineCounter, type Node } from 'yaml';

/** `forms.intake[2].type` → ['forms', 'intake', 2, 'type']; `(document)` → []. */
export function pathSegments(path: string): Array<string | number> {
  if (path === '(document)' || path === '') return [];
  const segments: Array<string | number> = [];
  for (const part of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) segments.push(part[2] !== undefined ? Number(part[2]) : part[1]);
  return segments;
}

/** A parsed text that answers line questions for many paths. */
export function lineFinder(text: string): (path: string) => number | undefined {
  const lines = new LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter: lines, uniqueKeys: false });
  // A syntax error names its own line in its message (lineInMessage).
  if (doc.errors.length > 0) return () => undefined;
  return (path) => {
    const segments = pathSegments(path);
    let node: unknown = doc.contents;
    let found: Node | undefined = isCollection(node) ? (node as Node) : undefined;
    for (const segment of segments) {
      if (!isCollection(node)) break;
      const next = node.get(segment, true) as Node | undefined;
      if (next === undefined) break;
      // A key's line is where the key is written: the pair's key node.
      const pair = YAML.isMap(node) ? node.items.find((p) => YAML.isScalar(p.key) && p.key.value === segment) : undefined;
      found = (pair?.key as Node | undefined) ?? next;
      node = next;
    }
    const at = found?.range?.[0];
    return at === undefined ? undefined : lines.linePos(at).line;
  };
}

/** The line a syntax error's message names ("… at line 4, column 2 …"). */
export function lineInMessage(message: string): number | undefined {
  const m = /at line (\d+)/.exec(message);
  return m ? Number(m[1]) : undefined;
}
