/**
 * The plans SQLite and PostgreSQL make for the console's busiest reads over a seeded read model of
 * 20,000 cases: each read runs through the store's own function, and the database explains every
 * statement it sent. A plan is deterministic where a timing on a shared machine is not, so an index
 * dropped or a query reshaped into one that walks most of the table fails here. SQLite keeps no
 * statistics (none are taken), as a deployment has it; PostgreSQL's are taken after seeding.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { listVisibleCases } from '../../api/case-list';
import { dashboardData, defaultPeriod } from '../../console/routes/dashboard-data';
import { boardColumns } from '../../store/board';
import { openDb, type Db } from '../../store/db';
import { listMyFollowUps, listMyTasks, listPlansAwaitingApproval } from '../../store/my-work';
import { completedPhaseTimes } from '../../store/phase-times';
import { createDatabase, dropDatabase } from '../helpers/postgres';
import { plansOf, type PlannedQuery } from '../helpers/query-plans';
import { SEEDED_TEAMS, seedReadModel } from '../helpers/seeded-read-model';

const CASES = 20_000;
const NOW = new Date('2026-06-01T12:00:00.000Z');
const PERSON = { id: 'worker-7', roles: ['case_manager', 'supervisor'] as const, teams: SEEDED_TEAMS };
const WEEK_AGO = new Date(NOW.getTime() - 7 * 86_400_000).toISOString();

const show = (plans: PlannedQuery[]) => plans.map((p) => `${p.sql}\n  ${p.plan.replace(/\n/g, '\n  ')}`).join('\n');

describe('query plans of the console\'s reads at 20,000 cases', function () {
  this.timeout(180_000);
  // One seeded database per kind for the whole suite: seeding is most of its time.
  for (const kind of ['sqlite', 'postgres'] as const) describe(`on ${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'}`, () => {
    let db: Db;
    let dataDir: string;
    let databaseUrl: string | undefined;
    before(async () => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'casework-plans-'));
      databaseUrl = kind === 'postgres' ? await createDatabase() : undefined;
      db = await openDb({ dataDir, databaseUrl });
      await seedReadModel(db, CASES, NOW);
    });
    after(async () => {
      await db?.destroy();
      if (databaseUrl) await dropDatabase(databaseUrl);
      fs.rmSync(dataDir, { recursive: true, force: true });
    });
    const sqlite = () => kind === 'sqlite';

    const plan = (plans: PlannedQuery[], from: RegExp) => plans.filter((p) => from.test(p.sql)).map((p) => p.plan);
    /** A walk of a whole table: SQLite's `SCAN cases`, PostgreSQL's `Seq Scan on cases`. */
    const WHOLE_CASES = /^SCAN (cases|c)\b|Seq Scan on cases/m;

    it('lists the cases assigned to a person by the index of cases by assignee, status and due time', async () => {
      const plans = await plansOf(db, () => listVisibleCases(db, { assignee: PERSON.id, status: 'open', sort: 'dueAt', limit: 100 } as never, { teams: SEEDED_TEAMS }, NOW));
      expect(plans, show(plans)).to.have.length(1);
      if (sqlite()) expect(plans[0].plan, show(plans)).to.include('SEARCH cases USING INDEX cases_assignee_status_due (assignee=? AND status=?)');
      else expect(plans[0].plan, show(plans)).to.match(/Index Scan (using|on) cases_assignee_status_due/);
    });

    it('reads the case list as it opens for a reader of several teams a team at a time, in opening order, and pages through it as one read would', async () => {
      const plans = await plansOf(db, () => listVisibleCases(db, { limit: 50 } as never, { teams: SEEDED_TEAMS }, NOW));
      if (sqlite()) {
        expect(plans, show(plans)).to.have.length(SEEDED_TEAMS.length);
        // Each team's newest first from the index, stopping at the page's size; only ties of one opening time are sorted.
        for (const p of plans) expect(p.plan, show(plans)).to.equal('SEARCH cases USING INDEX cases_team_opened_counts (team=?)\nUSE TEMP B-TREE FOR RIGHT PART OF ORDER BY');
      } else {
        for (const p of plans) expect(p.plan, show(plans)).not.to.match(WHOLE_CASES);
      }
      const expected = (await db('cases').whereIn('team', SEEDED_TEAMS.slice(1)).orderBy([{ column: 'opened_at', order: 'desc' }, { column: 'id', order: 'desc' }]).limit(150).select('id')).map((r: { id: string }) => r.id);
      const listed: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 3; page++) {
        const { items, nextCursor } = await listVisibleCases(db, { limit: 50, ...(cursor ? { cursor } : {}) } as never, { teams: SEEDED_TEAMS.slice(1) }, NOW);
        listed.push(...items.map((c) => c.id));
        cursor = nextCursor ?? undefined;
      }
      expect(listed).to.deep.equal(expected);
    });

    it('finds a person\'s tasks left to their role from their cases, each case\'s tasks by the tasks\' key', async () => {
      const plans = await plansOf(db, () => listMyTasks(db, { ...PERSON, roles: [...PERSON.roles] }));
      const fromCases = plan(plans, /from [`"]cases[`"] as [`"]c[`"] inner join [`"]case_tasks[`"]/);
      // Their own cases, and their teams' unassigned ones.
      expect(fromCases, show(plans)).to.have.length(2);
      for (const p of fromCases) {
        if (sqlite()) {
          expect(p, show(plans)).to.match(/^SEARCH c USING INDEX cases_assignee_status_due \(assignee=\? AND status=\?\)\nSEARCH t USING INDEX sqlite_autoindex_case_tasks_1 \(case_id=\?\)$/);
        } else {
          expect(p, show(plans)).to.match(/Index Scan (using|on) cases_assignee_status_due/);
        }
      }
      for (const p of plans) expect(p.plan, show(plans)).not.to.include('case_tasks_status_due_at_index');
      if (sqlite()) for (const p of plans) expect(p.plan, show(plans)).not.to.match(WHOLE_CASES);
    });

    it('finds the follow-ups of a person\'s cases by that index, and the plans to approve in due order', async () => {
      const followUps = await plansOf(db, () => listMyFollowUps(db, PERSON.id));
      const approvals = await plansOf(db, () => listPlansAwaitingApproval(db, SEEDED_TEAMS));
      if (sqlite()) {
        expect(followUps[0].plan, show(followUps)).to.include('SEARCH c USING INDEX cases_assignee_status_due (assignee=? AND status=?)');
        // In the index's order, so the read stops at the limit: no sort of every case waiting.
        expect(approvals[0].plan, show(approvals)).to.equal('SEARCH cases USING INDEX cases_phase_due (phase=? AND due_at>?)');
      } else {
        expect(followUps[0].plan, show(followUps)).to.match(/Index Scan (using|on) cases_assignee_status_due/);
        expect(approvals[0].plan, show(approvals)).to.match(/Limit[^\n]*\n\s*->\s+Index Scan using cases_phase_due on cases/);
      }
      for (const p of [...followUps, ...approvals]) expect(p.plan, show([...followUps, ...approvals])).not.to.match(WHOLE_CASES);
    });

    it('counts a dashboard of one definition over the reader\'s teams from indexes alone', async () => {
      const plans = await plansOf(db, () => dashboardData(db, { ...defaultPeriod(NOW), definition: 'insurance-claim' }, SEEDED_TEAMS, NOW));
      expect(plans.length, show(plans)).to.be.greaterThan(20);
      // The open cases by phase, risk and breach come from the counts the triggers keep, not from grouping the cases.
      expect(plan(plans, /from .open_case_counts./), show(plans)).to.have.length(1);
      expect(plan(plans, /count\(\*\).* from .cases. .*group by .phase., .risk_level., .breached./), show(plans)).to.have.length(0);
      for (const p of plans) {
        expect(p.plan, show(plans)).not.to.match(WHOLE_CASES);
        if (!sqlite()) continue;
        for (const line of p.plan.split('\n').filter((l) => / cases USING /.test(l))) {
          // A count reads no case row; the report's team is asked of its own case, by its key.
          expect(line, show(plans)).to.match(/USING COVERING INDEX|USING INDEX sqlite_autoindex_cases_1 \(id=\?\)/);
        }
      }
    });

    it('reads cycle time per phase from the visits and the daily counts alone, walking the index of visit lengths in order instead of sorting', async () => {
      const period = defaultPeriod(NOW);
      const plans = await plansOf(db, () => completedPhaseTimes(db, { since: `${period.from}T00:00:00.000Z`, before: `${period.to}T00:00:00.000Z`, definition: 'insurance-claim', teams: SEEDED_TEAMS }));
      const ranked = plans.filter((p) => /order by .duration_ms./.test(p.sql));
      // Two percentiles of each phase some case completed, and the counts, and the cases that left a phase twice.
      expect(ranked.length, show(plans)).to.be.greaterThan(10);
      expect(plan(plans, /from .phase_end_counts./), show(plans)).to.have.length(1);
      for (const p of plans) expect(p.plan, show(plans)).not.to.match(/\bcases\b(?! USING| \()|Seq Scan on case_visits|Sort\b|TEMP B-TREE FOR ORDER BY/);
      for (const p of ranked) {
        if (sqlite()) expect(p.plan, show(plans)).to.match(/^SEARCH case_visits USING COVERING INDEX case_visits_phase_lengths \(phase=\? AND repeated=\?( AND duration_ms[<>]=?\?)?\)$/);
        else expect(p.plan, show(plans)).to.match(/Limit[^\n]*\n\s*->\s+Index Only Scan (Backward )?using case_visits_phase_lengths on case_visits/);
      }
      if (sqlite()) expect(plan(plans, /from .phase_end_counts./)[0], show(plans)).to.match(/^SEARCH phase_end_counts USING (COVERING )?INDEX sqlite_autoindex_phase_end_counts_1 \(day>\? AND day<\?\)/);
    });

    it('reads a board of one definition over the reader\'s teams by phase and due time, never by the definition alone', async () => {
      const plans = await plansOf(db, () => boardColumns(db, { definition: 'fraud-investigation', teams: SEEDED_TEAMS }, 50, WEEK_AGO));
      expect(plans.length, show(plans)).to.be.greaterThan(10);
      for (const p of plans) {
        expect(p.plan, show(plans)).not.to.match(WHOLE_CASES);
        // Equality on the definition alone would read a quarter of the table's rows for each column.
        if (sqlite()) expect(p.plan, show(plans)).not.to.match(/\(definition_key=\?\)/);
      }
      if (sqlite()) expect(plans[0].plan, show(plans)).to.match(/^SEARCH cases USING COVERING INDEX /);
    });
  });
});
