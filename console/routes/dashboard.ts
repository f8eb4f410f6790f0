/**
 * "Dashboard": the portfolio at a glance for a team, definition and period, every figure a link to
 * the case list of exactly its cases, and the same figures as CSV.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { caseScopeOf } from '../../api/auth/authorize';
import { definitionKey, team } from '../../api/schemas/text';
import { isIsoDate } from '../../definitions/forms';
import type { Db } from '../../store/db';
import { listLatestDefinitions } from '../../store/definitions';
import { listUsers } from '../../store/users';
import { csrfTokenOf, viewerOf, type Viewer } from '../context';
import { sendPage } from '../render';
import { DashboardPage } from '../templates/dashboard';
import type { FieldErrors } from '../templates/form-fields';
import { dashboardCsv, dashboardData, defaultPeriod, type DashboardFilter } from './dashboard-data';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2024-05-31').refine(isIsoDate, 'must be a date such as 2024-05-31');
/** Longer periods make more weekly bars than a page can show. */
const MAX_PERIOD_DAYS = 366;

export const dashboardQuery = z
  .object({ team: team.optional(), definition: definitionKey.optional(), from: day.optional(), to: day.optional() })
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'must not be before the first day' })
  .refine((q) => !q.from || !q.to || Date.parse(q.to) - Date.parse(q.from) < MAX_PERIOD_DAYS * 86_400_000, { path: ['to'], message: `must be within ${MAX_PERIOD_DAYS} days of the first day` });

/** The filter a request asks for (blank fields dropped), or the problems with it per field. */
function filterOf(req: Request, now: Date): { filter?: DashboardFilter; values: Record<string, string>; errors: FieldErrors } {
  const values = Object.fromEntries(Object.entries(req.query).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].trim() !== '').map(([k, v]) => [k, v.trim()]));
  const parsed = dashboardQuery.safeParse(values);
  if (!parsed.success) {
    const errors: FieldErrors = {};
    for (const issue of parsed.error.issues) {
      const name = issue.code === 'unrecognized_keys' ? issue.keys[0] : String(issue.path[0]);
      (errors[name] ??= []).push(issue.code === 'unrecognized_keys' ? 'is not a filter of the dashboard' : issue.message);
    }
    return { values, errors };
  }
  return { filter: { ...defaultPeriod(now), ...parsed.data }, values, errors: {} };
}

async function choices(db: Db, viewer: Viewer) {
  const isAdmin = viewer.user.roles.includes('admin');
  const teams = isAdmin ? [...new Set((await listUsers(db)).flatMap((u) => u.teams))].sort() : viewer.user.teams;
  const definitions = (await listLatestDefinitions(db)).map((d) => ({ value: d.key, label: d.definition.name }));
  return { teams, definitions };
}

export function dashboardRoutes({ db, clock }: { db: Db; clock: () => Date }): Router {
  const router = Router();

  const data = async (res: Response, filter: DashboardFilter, now: Date) => dashboardData(db, filter, caseScopeOf(res)?.teams, now);

  router.get('/dashboard', async (req, res) => {
    const viewer = viewerOf(res);
    const now = clock();
    const { filter, values, errors } = filterOf(req, now);
    const shown = filter ?? { ...defaultPeriod(now) };
    const page = DashboardPage({
      viewer,
      csrfToken: csrfTokenOf(res),
      values: { ...defaultPeriod(now), ...values },
      errors,
      choices: await choices(db, viewer),
      data: filter ? await data(res, filter, now) : undefined,
      csvHref: `/app/dashboard.csv?${new URLSearchParams(Object.entries(shown).filter((e): e is [string, string] => typeof e[1] === 'string')).toString()}`,
    });
    sendPage(res, page, filter ? 200 : 422);
  });

  router.get('/dashboard.csv', async (req, res) => {
    const now = clock();
    const { filter, errors } = filterOf(req, now);
    if (!filter) {
      const [name, messages] = Object.entries(errors)[0];
      res.status(422).type('text/plain').send(`${name}: ${messages?.[0]}\n`);
      return;
    }
    res
      .set('Content-Type', 'text/csv; charset=utf-8')
      .set('Content-Disposition', `attachment; filename="dashboard-${filter.from}-${filter.to}.csv"`)
      .set('Cache-Control', 'no-store')
      .send(dashboardCsv(await data(res, filter, now)));
  });

  return router;
}
