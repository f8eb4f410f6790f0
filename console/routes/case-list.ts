/**
 * "Cases": the list the API's `GET /cases` gives, filtered, sorted and paged from the URL, so a
 * filter can be bookmarked and shared; and saved views of it, kept per person or for a team.
 */
import { Router, type Response } from 'express';
import { caseScopeOf } from '../../api/auth/authorize';
import { countVisibleCases, listVisibleCases, type CasePage } from '../../api/case-list';
import { HttpError } from '../../api/problem';
import { listCasesQuery } from '../../api/schemas/cases';
import { plainText } from '../../api/schemas/text';
import { CASE_STATUSES, PHASES, RISK_LEVELS } from '../../common/phases';
import { isIsoDate } from '../../definitions/forms';
import type { CaseSort } from '../../store/case-list';
import type { Db } from '../../store/db';
import { listLatestDefinitions } from '../../store/definitions';
import { deleteView, listViewsFor, saveView } from '../../store/saved-views';
import { listUsers } from '../../store/users';
import { csrfTokenOf, viewerOf, type Viewer } from '../context';
import { goTo } from '../auth/session';
import { peopleNames } from '../people-names';
import { sendFragment, sendPage } from '../render';
import { CaseListPage, CaseResults } from '../templates/case-list';
import { endOfDay } from '../templates/dates';
import { REFRESH_HEADER } from '../templates/live';
import type { FieldErrors, FieldValues, RenderField } from '../templates/form-fields';
import { phaseName, riskName, statusName } from '../templates/words';

export const PAGE_SIZE = 25;
/** Filters the form does not show, which the dashboard's links set: kept in the address and the form as they are. */
export const LINK_FILTER_KEYS = ['open', 'overdue', 'breached', 'reported', 'openedAfter', 'openedBefore', 'closedAfter', 'closedBefore', 'dueAfter', 'dueBefore', 'completedPhase', 'completedAfter', 'completedBefore'] as const;
const FILTER_KEYS = ['q', 'phase', 'risk', 'status', 'assignee', 'definition', 'team', 'due', 'sort', ...LINK_FILTER_KEYS] as const;

const SORTS: Array<{ value: CaseSort; label: string }> = [
  { value: 'openedAt', label: 'Oldest first' },
  { value: 'dueAt', label: 'Due soonest' },
  { value: '-dueAt', label: 'Due latest' },
  { value: '-updatedAt', label: 'Changed most recently' },
  { value: 'updatedAt', label: 'Changed least recently' },
  { value: 'title', label: 'Title, A to Z' },
  { value: '-title', label: 'Title, Z to A' },
];

/** The filter as the URL holds it: the known keys that have a value, nothing else. */
function filterOf(query: Record<string, unknown>): FieldValues {
  const values: FieldValues = {};
  for (const key of FILTER_KEYS) {
    const v = query[key];
    if (typeof v === 'string' && v.trim() !== '') values[key] = v.trim();
  }
  return values;
}

const queryOf = (values: FieldValues, extra: Record<string, string> = {}) => {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) if (values[key]) params.set(key, values[key]!);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  return params.toString();
};

interface Choices {
  people: Array<{ value: string; label: string }>;
  definitions: Array<{ value: string; label: string }>;
  teams: string[];
}

function filterFields({ people, definitions, teams }: Choices): RenderField[] {
  const any = { required: false, blank: 'Any' };
  return [
    { name: 'q', type: 'string', label: 'Search', help: 'A case id, or words from its title or subject', required: false },
    { name: 'phase', type: 'enum', label: 'Phase', ...any, values: [...PHASES], options: PHASES.map((p) => ({ value: p, label: phaseName(p) })) },
    { name: 'risk', type: 'enum', label: 'Risk level', ...any, values: [...RISK_LEVELS, 'none'], options: [...RISK_LEVELS.map((r) => ({ value: r, label: riskName(r) })), { value: 'none', label: 'Not assessed' }] },
    { name: 'status', type: 'enum', label: 'Status', ...any, values: [...CASE_STATUSES], options: CASE_STATUSES.map((s) => ({ value: s, label: statusName(s) })) },
    { name: 'assignee', type: 'enum', label: 'Assignee', ...any, values: people.map((p) => p.value), options: people },
    { name: 'definition', type: 'enum', label: 'Case type', ...any, values: definitions.map((d) => d.value), options: definitions },
    { name: 'team', type: 'enum', label: 'Team', ...any, values: teams, options: teams.map((t) => ({ value: t, label: t })) },
    { name: 'due', type: 'date', label: 'Due by', help: 'Cases with something due on or before this day', required: false },
    { name: 'sort', type: 'enum', label: 'Sort by', required: false, blank: 'Newest first', values: SORTS.map((s) => s.value), options: SORTS },
  ];
}

function saveFields(viewer: Viewer): RenderField[] {
  return [
    { name: 'name', type: 'string', label: 'Name of the view', required: true, max: 200 },
    { name: 'share', type: 'enum', label: 'Share with', required: false, blank: 'Only me', values: viewer.user.teams, options: viewer.user.teams.map((t) => ({ value: t, label: `Team ${t}` })) },
  ];
}

/** The API's query for a filter, or the problems with it, per field of the filter. */
function apiQuery(values: FieldValues, cursor: string | undefined, timeZone: string) {
  const errors: FieldErrors = {};
  const due = values.due;
  if (due !== undefined && !(/^\d{4}-\d{2}-\d{2}$/.test(due) && isIsoDate(due))) errors.due = ['must be a date such as 2024-05-31'];
  const { due: _due, ...rest } = values;
  const parsed = listCasesQuery.safeParse({ ...rest, ...(due && !errors.due ? { dueBefore: endOfDay(due, timeZone) } : {}), limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0]) === 'dueBefore' && values.due ? 'due' : String(issue.path[0]);
      (errors[name] ??= []).push(issue.message);
    }
  }
  return Object.keys(errors).length > 0 || !parsed.success ? { errors } : { query: parsed.data, errors };
}

export function caseListRoutes({ db, clock }: { db: Db; clock: () => Date }): Router {
  const router = Router();

  const choices = async (viewer: Viewer): Promise<Choices> => {
    const isAdmin = viewer.user.roles.includes('admin');
    const users = (await listUsers(db)).filter((u) => u.active && (isAdmin || u.teams.some((t) => viewer.user.teams.includes(t))));
    const definitions = await listLatestDefinitions(db);
    const teams = isAdmin ? [...new Set(users.flatMap((u) => u.teams))].sort() : viewer.user.teams;
    return { people: users.map((u) => ({ value: u.id, label: u.name })), definitions: definitions.map((d) => ({ value: d.key, label: d.definition.name })), teams };
  };

  /** The list page for a filter, with whatever the save form needs to say. */
  const show = async (res: Response, values: FieldValues, cursor: string | undefined, fragment: boolean, save: { values?: FieldValues; errors?: FieldErrors; status?: number; notice?: string } = {}) => {
    const viewer = viewerOf(res);
    const { query, errors } = apiQuery(values, cursor, viewer.timeZone);
    let page: CasePage = { items: [], nextCursor: null };
    let total: number | undefined;
    let notice = save.notice;
    const now = clock();
    if (query) {
      total = await countVisibleCases(db, query, caseScopeOf(res), now);
      try {
        page = await listVisibleCases(db, query, caseScopeOf(res), now);
      } catch (err) {
        // A page link from before the order changed: start from the first page.
        if (!(err instanceof HttpError && err.status === 422)) throw err;
        page = await listVisibleCases(db, { ...query, cursor: undefined }, caseScopeOf(res), now);
        notice = 'That page link was for another order of the list, so this is the first page.';
      }
    }
    const filter = queryOf(values);
    const results = {
      rows: page.items,
      total,
      now,
      viewer,
      names: await peopleNames(db),
      errors,
      nextHref: page.nextCursor ? `/app/cases?${queryOf(values, { cursor: page.nextCursor })}` : undefined,
      firstHref: cursor ? `/app/cases${filter ? `?${filter}` : ''}` : undefined,
      selfHref: `/app/cases${queryOf(values, cursor ? { cursor } : {}) ? `?${queryOf(values, cursor ? { cursor } : {})}` : ''}`,
    };
    if (fragment) return sendFragment(res, CaseResults(results));
    sendPage(
      res,
      CaseListPage({
        ...results,
        csrfToken: csrfTokenOf(res),
        filterFields: filterFields(await choices(viewer)),
        values,
        linkFilters: LINK_FILTER_KEYS.filter((k) => values[k] !== undefined).map((k) => ({ name: k, value: values[k]! })),
        views: await listViewsFor(db, viewer.user.id, viewer.user.teams),
        saveFields: saveFields(viewer),
        saveValues: save.values,
        saveErrors: save.errors,
        query: filter,
        notice,
      }),
      save.status ?? (Object.keys(errors).length > 0 ? 422 : 200),
    );
  };

  router.get('/cases', async (req, res) => {
    const cursor = typeof req.query.cursor === 'string' && req.query.cursor ? req.query.cursor : undefined;
    const values = filterOf(req.query);
    // The address keeps only the filter's values, so that it reads well when bookmarked or shared.
    const clean = `/app/cases${queryOf(values, cursor ? { cursor } : {}) ? `?${queryOf(values, cursor ? { cursor } : {})}` : ''}`;
    const fragment = req.get('HX-Request') === 'true' && req.get('HX-Target') === 'results';
    // A filter changed pushes its address; the list refreshing itself (it triggers its own request) does not.
    if (fragment && req.get(REFRESH_HEADER) !== 'true') res.set('HX-Push-Url', clean);
    else if (clean !== req.originalUrl) return res.redirect(303, clean);
    await show(res, values, cursor, fragment);
  });

  router.post('/views', async (req, res) => {
    const viewer = viewerOf(res);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = filterOf(Object.fromEntries(new URLSearchParams(typeof body.query === 'string' ? body.query.slice(0, 2000) : '')));
    const saveValues = { name: typeof body['view.name'] === 'string' ? body['view.name'] : '', share: typeof body['view.share'] === 'string' ? body['view.share'] : '' };
    const errors: FieldErrors = {};
    const name = plainText(200).safeParse(saveValues.name);
    if (!name.success) errors.name = [name.error.issues[0].message];
    if (saveValues.share && !viewer.user.teams.includes(saveValues.share)) errors.share = ['must be one of your teams'];
    if (!name.success || errors.share) return show(res, values, undefined, false, { values: saveValues, errors, status: 422 });
    await saveView(db, { ownerId: viewer.user.id, name: name.data, query: queryOf(values), ...(saveValues.share ? { team: saveValues.share } : {}) }, clock());
    goTo(req, res, `/app/cases${queryOf(values) ? `?${queryOf(values)}` : ''}`);
  });

  router.post('/views/:viewId/delete', async (req, res) => {
    const id = Number(req.params.viewId);
    if (Number.isSafeInteger(id)) await deleteView(db, id, viewerOf(res).user.id);
    goTo(req, res, '/app/cases');
  });

  return router;
}
