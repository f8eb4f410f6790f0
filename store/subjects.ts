/**
 * The cases about one person: those whose definition marks an intake field as the person's
 * identifier (`personal_data.identifier`) and whose intake holds the value in it. Purged cases
 * hold no intake, and are not found.
 */
import type { CaseView } from '../common/case-view';
import type { Definition } from '../common/definition-schema';
import type { Db } from './db';

export interface SubjectCase {
  id: string;
  definitionKey: string;
  definitionVersion: number;
  status: string;
  team: string;
  /** The intake field that identifies the person in this case. */
  field: string;
}

/** Every case about the person `value` identifies, oldest first. */
export async function casesOfSubject(db: Db, value: string): Promise<SubjectCase[]> {
  const versions: { key: string; version: number; content: string }[] = await db('definition_versions').select('key', 'version', 'content');
  const fields = new Map<string, string>();
  for (const v of versions) {
    const identifier = (JSON.parse(v.content) as Definition).personal_data?.identifier;
    if (identifier) fields.set(`${v.key}@${v.version}`, identifier);
  }
  const keys = [...new Set(versions.filter((v) => fields.has(`${v.key}@${v.version}`)).map((v) => v.key))];
  if (keys.length === 0) return [];
  // The stored view holds the intake as JSON: a text match narrows (a % or _ in the value only
  // widens it), the field's value decides.
  const needle = JSON.stringify(value).slice(1, -1);
  const rows: { id: string; definition_key: string; definition_version: number; status: string; team: string; view: string | null }[] = await db('cases')
    .whereIn('definition_key', keys)
    .andWhere('view', 'like', `%${needle}%`)
    .orderBy('opened_at')
    .select('id', 'definition_key', 'definition_version', 'status', 'team', 'view');
  const found: SubjectCase[] = [];
  for (const r of rows) {
    const field = fields.get(`${r.definition_key}@${r.definition_version}`);
    if (!field || !r.view) continue;
    const intake = (JSON.parse(r.view) as Partial<CaseView>).intake ?? {};
    if (intake[field] === value) found.push({ id: r.id, definitionKey: r.definition_key, definitionVersion: r.definition_version, status: r.status, team: r.team, field });
  }
  return found;
}
