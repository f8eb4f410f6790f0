/**
 * "Reports": the portfolio report for a period, case type and team, and the report of each case
 * evaluated among them, in the page and as CSV: the same reports the API's report routes give.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { caseScopeOf } from '../../api/auth/authorize';
import { caseIdParams } from '../../api/schemas/cases';
import { definitionKey, team } from '../../api/schemas/text';
import { isIsoDate } from '../../definitions/forms';
import { caseReportCsv, portfolioCsv } from '../../reports/render-csv';
import { ROW_COLUMNS, rowFromColumns } from '../../store/cases';
import { whereCases } from '../../store/case-list';
import type { Db } from '../../store/db';
import { listLatestDefinitions } from '../../store/definitions';
import { portfolioReport } from '../../store/portfolio';
import { getCaseReport } from '../../store/reports';
import { listUsers } from '../../store/users';
import { csrfTokenOf, viewerOf } from '../context';
import { sendPage } from '../render';
import type { FieldErrors } from '../templates/form-fields';
import { CaseReportPage, ReportsPage } from '../templates/reports';
import { defaultPeriod } from './dashboard-data';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2024-05-31').refine(isIsoDate, 'must be a date such as 2024-05-31');
const reportsQuery = z
  .object({ from: day.optional(), to: day.optional(), definition: definitionKey.optional(), team: team.optional() })
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'must not be before the first day' });
const SHOWN = 200;
const DAY_MS = 86_400_000;

const asCsv = (res: Response, name: string, body: string) => res.set('Content-Type', 'text/csv; charset=utf-8').set('Content-Disposition', `attachment; filename="${name}.csv"`).set('Cache-Control', 'no-store').send(body);

export function reportsRoutes({ db, clock }: { db: Db; clock: () => Date }): Router {
  const router = Router();

  const filterOf = (req: Request) => {
    const values = Object.fromEntries(Object.entries(req.query).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].trim() !== ''));
    const parsed = reportsQuery.safeParse(values);
    if (!parsed.success) {
      const errors: FieldErrors = {};
      for (const i of parsed.error.issues) (errors[i.code === 'unrecognized_keys' ? i.keys[0] : String(i.path[0])] ??= []).push(i.code === 'unrecognized_keys' ? 'is not a filter of the reports' : i.message);
      return { values, errors };
    }
    return { values, errors: {}, filter: { ...defaultPeriod(clock()), ...parsed.data } };
  };

  const reportFor = async (res: Response, filter: { from: string; to: string; definition?: string; team?: string }) => {
    const teams = caseScopeOf(res)?.teams;
    const since = `${filter.from}T00:00:00.000Z`;
    const before = new Date(Date.parse(since.replace(filter.from, filter.to)) + DAY_MS).toISOString();
    const report = await portfolioReport(db, { from: filter.from, to: filter.to, definition: filter.definition, team: filter.team, ...(teams ? { teams } : {}) });
    const rows = await whereCases(db('cases').select(ROW_COLUMNS), { openedAfter: new Date(since).toISOString(), openedBefore: before, reported: true, definition: filter.definition, team: filter.team, ...(teams ? { teams } : {}) })
      .orderBy('opened_at', 'desc')
      .limit(SHOWN);
    return { report, cases: rows.map(rowFromColumns) };
  };

  router.get('/reports', async (req, res) => {
    const viewer = viewerOf(res);
    const { values, errors, filter } = filterOf(req);
    const isAdmin = viewer.user.roles.includes('admin');
    const choices = { teams: isAdmin ? [...new Set((await listUsers(db)).flatMap((u) => u.teams))].sort() : viewer.user.teams, definitions: (await listLatestDefinitions(db)).map((d) => ({ value: d.key, label: d.definition.name })) };
    const shown = filter ?? defaultPeriod(clock());
    const data = filter ? await reportFor(res, filter) : undefined;
    sendPage(res, ReportsPage({ viewer, csrfToken: csrfTokenOf(res), values: { ...defaultPeriod(clock()), ...values }, errors, choices, data, csvHref: `/app/reports/portfolio.csv?${new URLSearchParams(Object.entries(shown).filter((e): e is [string, string] => typeof e[1] === 'string')).toString()}` }), filter ? 200 : 422);
  });

  router.get('/reports/portfolio.csv', async (req, res) => {
    const { errors, filter } = filterOf(req);
    if (!filter) {
      const [name, messages] = Object.entries(errors)[0];
      res.status(422).type('text/plain').send(`${name}: ${messages?.[0]}\n`);
      return;
    }
    asCsv(res, `portfolio-${filter.from}-${filter.to}`, portfolioCsv((await reportFor(res, filter)).report));
  });

  const caseReport = async (req: Request) => {
    const parsed = caseIdParams.safeParse({ id: req.params.id });
    return parsed.success ? getCaseReport(db, parsed.data.id) : undefined;
  };

  router.get('/reports/cases/:id', async (req, res) => {
    const report = await caseReport(req);
    const viewer = viewerOf(res);
    if (!report) return sendPage(res, CaseReportPage({ viewer, csrfToken: csrfTokenOf(res), id: req.params.id as string }), 404);
    sendPage(res, CaseReportPage({ viewer, csrfToken: csrfTokenOf(res), id: report.caseId, report }));
  });

  router.get('/reports/cases/:id/csv', async (req, res) => {
    const report = await caseReport(req);
    if (!report) {
      res.status(404).type('text/plain').send('This case has no report: a report is made when the case reaches evaluation.\n');
      return;
    }
    asCsv(res, `${report.caseId}-report`, caseReportCsv(report));
  });

  return router;
}
