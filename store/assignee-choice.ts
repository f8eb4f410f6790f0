/**
 * Automatic assignment: of a team's active people who hold the role, are present today, have the
 * capabilities asked and room under their limit, the least loaded or the next in turn. The answer
 * says who was chosen by which rule, and who was passed over and why, for the case's trail.
 */
import { describeCapabilities, matchedCapabilities, missingCapabilities, type Capability } from '../common/capabilities';
import type { Role } from '../common/phases';
import type { Db } from './db';
import { absentOn, routingFacts } from './people';
import { usersWithRoles } from './users';

export interface AssigneeRequest {
  team: string;
  rule: 'least_loaded' | 'round_robin';
  /** What is being given: a task (counted against open tasks) or the case (against open cases). */
  kind: 'task' | 'case';
  /** Who may take it: people holding one of these roles. */
  roles: Role[];
  requires?: Capability[];
  prefers?: Capability[];
}

export interface AssigneeChoice {
  assignee?: string;
  reason: string;
}

async function loads(db: Db, kind: 'task' | 'case', ids: string[]): Promise<Map<string, number>> {
  const load = new Map<string, number>(ids.map((id) => [id, 0]));
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const rows: Array<{ assignee: string; n: number | string }> =
      kind === 'task'
        ? await db('case_tasks').whereIn('assignee', chunk).where('status', 'open').groupBy('assignee').select('assignee', db.raw('count(*) as n'))
        : await db('cases').whereIn('assignee', chunk).whereNot('status', 'closed').groupBy('assignee').select('assignee', db.raw('count(*) as n'));
    for (const r of rows) load.set(r.assignee, Number(r.n));
  }
  return load;
}

export async function chooseAssignee(db: Db, request: AssigneeRequest, now: Date): Promise<AssigneeChoice> {
  const people = (await usersWithRoles(db, request.roles, request.team)).map((u) => u.id).sort();
  const facts = await routingFacts(db, people);
  const away = await absentOn(db, people, now);
  const load = await loads(db, request.kind, people);
  const passed: string[] = [];
  const fit: Array<{ id: string; load: number; preferred: number; level: string }> = [];
  for (const id of people) {
    const f = facts.get(id)!;
    const limit = request.kind === 'task' ? f.maxOpenTasks : f.maxOpenCases;
    const missing = missingCapabilities(f.capabilities, request);
    if (away.has(id)) passed.push(`${id} (absent until ${away.get(id)})`);
    else if (missing.length > 0) passed.push(`${id} (lacks ${describeCapabilities(missing)})`);
    else if (limit !== undefined && load.get(id)! >= limit) passed.push(`${id} (full: ${load.get(id)} of ${limit} open ${request.kind}s)`);
    else {
      const matched = matchedCapabilities(f.capabilities, request);
      fit.push({ id, load: load.get(id)!, preferred: matched.preferred.length, level: describeCapabilities(matched.required) });
    }
  }
  const passedWords = passed.length > 0 ? `; passed over ${passed.join(', ')}` : '';
  const needs = request.requires?.length ? ` with ${describeCapabilities(request.requires)}` : '';
  if (fit.length === 0) return { reason: `no one in ${request.team} holding ${request.roles.join(' or ')}${needs} is present with room; left in the team's queue${passedWords}` };

  let chosen: (typeof fit)[number];
  let rule: string;
  if (request.rule === 'least_loaded') {
    chosen = [...fit].sort((a, b) => a.load - b.load || b.preferred - a.preferred || a.id.localeCompare(b.id))[0];
    rule = `least loaded (${chosen.load} open ${request.kind}s)`;
  } else {
    const scope = `${request.team}/${request.kind}/${[...request.roles].sort().join('+')}`;
    chosen = await db.transaction(async (tx) => {
      const last = (await tx('routing_turns').where({ scope }).forUpdate().first())?.last_user_id as string | undefined;
      const next = fit.find((p) => last === undefined || p.id > last) ?? fit[0];
      await tx('routing_turns').insert({ scope, last_user_id: next.id }).onConflict('scope').merge(['last_user_id']);
      return next;
    });
    rule = 'round robin (next in turn)';
  }
  const capability = chosen.level ? `, has ${chosen.level.replace(/≥ /g, '')}` : '';
  return { assignee: chosen.id, reason: `automatic: ${rule}${capability}${passedWords}` };
}
