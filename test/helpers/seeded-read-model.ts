/**
 * A read model of many cases, written straight into its tables in batches (the store's own writes
 * would take minutes at this size): cases spread over four teams, four definitions, every phase and
 * forty assignees as the benchmark spreads them, the phase visits of each, one open task on each
 * case not closed (half assigned to the case's assignee, the others left to a role), and a
 * follow-up on those in the loop.
 */
import { PHASES, RISK_LEVELS } from '../../common/phases';
import type { Db } from '../../store/db';
import { seededRandom } from '../../common/seeded-random';

export const SEEDED_TEAMS = ['team-a', 'team-b', 'team-c', 'team-d'];
export const SEEDED_DEFINITIONS = ['hr-grievance', 'insurance-claim', 'fraud-investigation', 'incident-resolution'];
const DAY_MS = 86_400_000;
const BATCH = 250;

/**
 * A case's phase visits, each a day long from its opening, up to its phase (still in it); one case in
 * forty went back from approval to planning once, and so left planning twice.
 */
function visitsOf(r: { id: string; team: string; definition_key: string; phase: string; opened_at: string }, i: number, now: Date) {
  const upTo = PHASES.indexOf(r.phase as (typeof PHASES)[number]);
  const phases: string[] = PHASES.slice(0, upTo + 1);
  if (i % 40 === 0 && upTo > 4) phases.splice(4, 0, 'planning', 'approval');
  const start = Math.min(Date.parse(r.opened_at), now.getTime() - phases.length * DAY_MS);
  const at = (k: number) => new Date(start + k * DAY_MS).toISOString();
  const last = phases.length - 1;
  return phases.map((phase, k) => ({
    case_id: r.id,
    position: k + 1,
    phase,
    entered_at: at(k),
    left_at: k < last ? at(k + 1) : null,
    team: r.team,
    definition_key: r.definition_key,
    duration_ms: k < last ? DAY_MS : null,
    repeated: k < last && (phase === 'planning' || phase === 'approval') && phases.filter((p, j) => p === phase && j < last).length > 1,
  }));
}

export async function seedReadModel(db: Db, cases: number, now: Date): Promise<void> {
  const rnd = seededRandom(11);
  const pick = <T>(values: readonly T[]) => values[Math.floor(rnd() * values.length)];
  const at = (days: number) => new Date(now.getTime() + days * DAY_MS).toISOString();
  for (let from = 0; from < cases; from += BATCH) {
    const rows = [];
    for (let i = from; i < Math.min(cases, from + BATCH); i++) {
      const phase = pick(PHASES);
      const closed = phase === 'closed';
      const openedAt = at(-rnd() * 182);
      rows.push({
        id: `seed-${String(i + 1).padStart(7, '0')}`,
        number: i + 1,
        definition_key: pick(SEEDED_DEFINITIONS),
        definition_version: 1,
        title: `Seeded case ${i + 1}`,
        team: pick(SEEDED_TEAMS),
        phase,
        status: closed ? 'closed' : rnd() < 0.9 ? 'open' : 'on_hold',
        risk_level: phase === 'screening' || phase === 'assessment' ? null : pick(RISK_LEVELS),
        assignee: `worker-${Math.floor(rnd() * 40)}`,
        opened_at: openedAt,
        closed_at: closed ? at(-rnd() * 91) : null,
        due_at: closed || rnd() < 0.1 ? null : at((rnd() - 0.5) * 28),
        breached: rnd() < 0.05,
        revision: 1,
        updated_at: openedAt,
      });
    }
    await db('cases').insert(rows);
    await db('case_tasks').insert(rows.map((r, i) => ({
      case_id: r.id, task_id: 't1', team: r.team, title: `Task on ${r.id}`, assignee: i % 2 === 0 ? r.assignee : null,
      role: i % 3 === 0 ? 'caseworker' : 'case_manager', due_at: at((i % 60) - 30), required: true,
      status: r.status === 'closed' ? 'cancelled' : 'open', created_at: r.opened_at,
    })));
    const visits = rows.flatMap((r, i) => visitsOf(r, from + i, now));
    // SQLite takes at most 500 rows in one insert.
    for (let at = 0; at < visits.length; at += 400) await db('case_visits').insert(visits.slice(at, at + 400));
    const looping = rows.filter((r) => r.phase === 'implementation' || r.phase === 'follow_up');
    if (looping.length > 0) await db('case_follow_ups').insert(looping.map((r, i) => ({ case_id: r.id, n: 1, team: r.team, armed_at: r.opened_at, due_at: at((i % 20) - 5), escalated: false, cancelled: false })));
  }
  // PostgreSQL plans from statistics and reads indexes alone where its visibility map lets it, both of
  // which a deployment's autovacuum keeps; here they are made now.
  // SQLite is left as a deployment has it, with none.
  if (db.client.config.client !== 'sqlite3') await db.raw('vacuum analyze');
}
