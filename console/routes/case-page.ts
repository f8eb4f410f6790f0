/**
 * The case page: the case as the API reads it (`GET /cases/:id`, its trail), and the actions valid
 * now for this person, each posted to the API command's path under /app and sent through the same
 * case service, request schema and permission table. Its refreshing part, print view, report and
 * documents live here too.
 */
import fs from 'node:fs';
import { Router, type Request, type Response } from 'express';
import { findPermission, grantingRoles } from '../../api/auth/permissions';
import type { CaseService } from '../../api/case-service';
import { sendDocument } from '../../api/document-download';
import { receiveUpload, type DocumentStorage } from '../../api/document-files';
import { recordUpload } from '../../api/document-upload';
import { toHttpError } from '../../api/error-handler';
import { HttpError, notFound } from '../../api/problem';
import { REPORT_PAGE_POLICY } from '../../api/routes/reports';
import { caseIdParams } from '../../api/schemas/cases';
import { documentParams, documentUploadBody } from '../../api/schemas/documents';
import type { Actor } from '../../common/case-types';
import type { CaseView } from '../../common/case-view';
import { commandRefusal } from '../../common/command-fit';
import type { Definition } from '../../common/definition-schema';
import { ownsTask } from '../../common/task-ownership';
import { caseReportHtml } from '../../reports/render-html-case';
import type { Db } from '../../store/db';
import { getDefinitionVersion } from '../../store/definitions';
import { getDocument } from '../../store/documents';
import { takeFormDraft } from '../../store/form-drafts';
import { getCaseReport } from '../../store/reports';
import { readTrail, verifyChain } from '../../store/trail';
import { listUsers } from '../../store/users';
import { actionBody, apiCommandOf, CASE_ACTIONS, COMPLETE_TASK_PATH, formFieldOf, pagePath, type ActionContext, type CaseAction } from '../actions';
import { csrfTokenOf, viewerOf, type Viewer } from '../context';
import type { LifecycleServices } from '../lifecycle-actions';
import { caseLifecycleRoutes, lifecycleProps } from './case-lifecycle';
import { casePath } from '../paths';
import { peopleNames } from '../people-names';
import { taskRoutingOffers } from '../task-routing-offers';
import { sendFragment, sendPage } from '../render';
import type { ActionForm, UploadForm } from '../templates/case-actions';
import { CaseLive, CasePage, type CasePageProps } from '../templates/case-page';
import { postedValues, type FieldErrors, type FieldValues } from '../templates/form-fields';

const actorOf = (viewer: Viewer): Actor => ({ id: viewer.user.id, roles: viewer.user.roles, teams: viewer.user.teams });

/** Whether the permission table lets this person post to a page. */
function mayPost(viewer: Viewer, path: string): boolean {
  const match = findPermission('POST', path);
  return match !== undefined && grantingRoles(match.permission.access, viewer.user.roles).length > 0;
}

/** What the page's forms show when one was just posted, or restored after signing in again. */
interface FormState {
  command: string;
  values: FieldValues;
  errors: FieldErrors;
}

interface PageState {
  form?: FormState;
  notice?: CasePageProps['notice'];
  status?: number;
  print?: boolean;
}

const asText = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** A field error in the form's words: a plan's task error names its line. */
function errorEntry(field: string, message: string, fields: ActionForm['fields']): [string, string] {
  const line = /^tasks\.(\d+)/.exec(field.replace(/^body\./, ''));
  return [formFieldOf(field, fields), line ? `line ${Number(line[1]) + 1}: ${message}` : message];
}

export function casePageRoutes({ db, cases, clock, storage, lifecycle }: { db: Db; cases: CaseService; clock: () => Date; storage: DocumentStorage; lifecycle: LifecycleServices }): Router {
  const router = Router();

  const definitionOf = async (view: CaseView): Promise<Definition> => {
    const stored = await getDefinitionVersion(db, view.definition.key, view.definition.version);
    if (!stored) throw new Error(`case ${view.id} names definition ${view.definition.key} version ${view.definition.version}, which the read model does not hold`);
    return stored.definition;
  };

  /** Whom this person may assign the case or a task to: anyone active in its team as a supervisor, else themselves. */
  const assigneesFor = async (viewer: Viewer, view: CaseView) => {
    const anyone = viewer.user.roles.some((r) => r === 'supervisor' || r === 'admin');
    const people = anyone ? (await listUsers(db)).filter((u) => u.active && u.teams.includes(view.team)) : [viewer.user];
    return people.map((p) => ({ value: p.id, label: p.id === viewer.user.id ? `Me (${p.name})` : p.name }));
  };

  /** The actions this person may take now: the command fits the case, and the table lets them post it. */
  const actionsFor = (viewer: Viewer, view: CaseView, definition: Definition): CaseAction[] =>
    CASE_ACTIONS.filter((a) => {
      if (commandRefusal(view, a.command) !== undefined) return false;
      if (!mayPost(viewer, pagePath(a.path, { id: view.id }))) return false;
      // The definition names who overrides the risk level; the case refuses anyone else.
      if (a.command === 'overrideRisk') return viewer.user.roles.includes('admin') || viewer.user.roles.includes(definition.risk.override_role);
      return true;
    });

  const completableFor = (viewer: Viewer, view: CaseView): Set<string> => {
    const roles = viewer.user.roles;
    const onlyCaseworker = roles.includes('caseworker') && !roles.some((r) => r === 'admin' || r === 'case_manager' || r === 'supervisor');
    return new Set(
      view.tasks
        .filter((t) => commandRefusal(view, 'completeTask', { taskId: t.id }) === undefined)
        .filter((t) => mayPost(viewer, pagePath(COMPLETE_TASK_PATH, { id: view.id, taskId: t.id })))
        .filter((t) => !onlyCaseworker || ownsTask({ ...viewer.user, roles: ['caseworker'] }, t, view))
        .map((t) => t.id),
    );
  };

  const pageProps = async (res: Response, view: CaseView, state: PageState, upload?: UploadForm): Promise<CasePageProps> => {
    const viewer = viewerOf(res);
    const definition = await definitionOf(view);
    const trail = await readTrail(db, view.id);
    const ctx: ActionContext = { view, definition, assignees: await assigneesFor(viewer, view) };
    const actions = state.print ? [] : actionsFor(viewer, view, definition).map((action): ActionForm => {
      const fields = action.fields(ctx);
      const mine = state.form?.command === action.command ? state.form : undefined;
      return { action, fields, values: mine ? mine.values : (action.initial?.(ctx) ?? {}), errors: mine?.errors ?? {} };
    });
    const mayUpload = commandRefusal(view, 'addDocument') === undefined && mayPost(viewer, `${casePath(view.id)}/documents`);
    const mayReport = view.status === 'closed' && grantingRoles(findPermission('GET', `${casePath(view.id)}/report`)?.permission.access ?? [], viewer.user.roles).length > 0;
    return {
      viewer,
      csrfToken: csrfTokenOf(res),
      view,
      intakeFields: definition.forms.intake,
      trail,
      verdict: verifyChain(trail),
      now: clock(),
      names: await peopleNames(db),
      actions,
      completable: state.print ? new Set() : completableFor(viewer, view),
      taskOffers: state.print ? undefined : await taskRoutingOffers(db, viewer, view, (path) => mayPost(viewer, path)),
      upload: mayUpload ? (upload ?? { values: {}, errors: {} }) : undefined,
      followUpWindow: definition.follow_up?.window,
      reportHref: mayReport ? `${casePath(view.id)}/report` : undefined,
      print: state.print,
      notice: state.notice,
      lifecycle: await lifecycleProps(db, viewer, view, definition, clock(), { form: state.form, print: state.print }),
    };
  };

  const show = async (res: Response, id: string, state: PageState = {}, upload?: UploadForm) => {
    const view = await cases.view(id);
    sendPage(res, CasePage(await pageProps(res, view, state, upload)), state.status ?? 200);
  };

  const caseIdOf = (req: Request): string => {
    const parsed = caseIdParams.safeParse({ id: req.params.id });
    if (!parsed.success) throw notFound('the case');
    return parsed.data.id;
  };

  router.get('/cases/:id', async (req, res) => {
    const id = caseIdOf(req);
    if (req.get('HX-Request') === 'true' && req.get('HX-Target') === 'case-live') {
      const view = await cases.view(id);
      // Nothing new since the page's revision: htmx leaves the part as it is.
      if (String(view.revision) === req.query.since) return res.status(204).set('Cache-Control', 'no-store').end();
      return sendFragment(res, CaseLive(await pageProps(res, view, {})));
    }
    const draftId = asText(req.query.draft);
    const draft = draftId ? await takeFormDraft(db, draftId, viewerOf(res).user.id) : undefined;
    const command = asText(req.query.form);
    const done = asText(req.query.done);
    const notice = req.query.opened === '1' ? `Case ${id} is open.` : done ? `Done: ${done}.` : draft ? 'What you typed before signing in again is filled in below; send it when ready.' : undefined;
    await show(res, id, {
      ...(draft && command ? { form: { command, values: Object.fromEntries(Object.entries(draft.fields).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])), errors: {} } } : {}),
      ...(notice ? { notice: { text: notice, kind: 'info' as const } } : {}),
    });
  });

  router.get('/cases/:id/print', async (req, res) => show(res, caseIdOf(req), { print: true }));

  router.get('/cases/:id/report', async (req, res) => {
    const id = caseIdOf(req);
    const report = await getCaseReport(db, id);
    if (!report) throw new HttpError(404, 'Not Found', `case ${id} has no report yet: a report is produced when the case reaches evaluation`);
    res.status(200).type('html').set('Content-Security-Policy', REPORT_PAGE_POLICY).set('Cache-Control', 'no-store').send(caseReportHtml(report));
  });

  router.get('/cases/:id/documents/:docId', async (req, res) => {
    const parsed = documentParams.safeParse({ id: req.params.id, docId: req.params.docId });
    if (!parsed.success) throw notFound('the document');
    const doc = await getDocument(db, parsed.data.id, parsed.data.docId);
    if (!doc) throw notFound('the document');
    await sendDocument(req, res, storage, doc);
  });

  router.post('/cases/:id/documents', async (req, res) => {
    const id = caseIdOf(req);
    const actor = actorOf(viewerOf(res));
    const refused = (errors: FieldErrors, values: FieldValues = {}) => show(res, id, { status: 422 }, { values, errors });
    if (!req.is('multipart/form-data')) return refused({ file: ['choose a file to upload'] });
    let received;
    try {
      received = await receiveUpload(req, storage);
    } catch (err) {
      if (!(err instanceof HttpError && err.status < 500)) throw err;
      return refused({ file: [err.errors?.[0]?.message ?? err.message] });
    }
    const title = asText(received.fields.title)?.trim();
    const fields = documentUploadBody.pick({ title: true }).safeParse(title ? { title } : {});
    const errors: FieldErrors = {};
    if (!fields.success) errors.title = [fields.error.issues[0].message];
    if (!received.fileName || received.size === 0) errors.file = ['choose a file that is not empty'];
    if (Object.keys(errors).length > 0) {
      await fs.promises.rm(received.tempPath, { force: true });
      return refused(errors, { title });
    }
    try {
      await recordUpload({ cases, db, storage }, { received, title: fields.success ? fields.data.title : undefined, caseId: id, actor });
    } catch (err) {
      const http = toHttpError(err);
      if (http?.status === 409) return show(res, id, { status: 409, notice: movedOn(http) });
      throw err;
    }
    res.redirect(303, `${casePath(id)}?done=${encodeURIComponent('the document is added')}`);
  });

  const movedOn = (err: HttpError): CasePageProps['notice'] => ({ text: `The case has moved on, so this was not done: ${err.message}. The page now shows the case as it is.`, kind: 'error' });

  const post = (action: CaseAction | undefined, path: string) =>
    router.post(path, async (req, res) => {
      const id = caseIdOf(req);
      const viewer = viewerOf(res);
      const command = apiCommandOf(path);
      const params = command.params.safeParse({ ...req.params });
      if (!params.success) throw notFound('the task');
      const routeParams = params.data as Record<string, string>;
      const body = (req.body ?? {}) as Record<string, unknown>;
      const view = await cases.view(id);
      const ctx: ActionContext = { view, definition: await definitionOf(view), assignees: await assigneesFor(viewer, view) };
      const fields = action?.fields(ctx) ?? [];
      const values = postedValues(fields, body);
      const errors: FieldErrors = {};
      const add = (field: string, message: string) => {
        const [name, text] = action ? errorEntry(field, message, fields) : [field, message];
        (errors[name] ??= []).push(text);
      };
      // A required field left empty is named as such, before the schema's words for a missing value.
      for (const f of fields) if (f.required && !(values[f.name] ?? '').trim()) add(f.name, 'is required');
      const parsed = command.body.safeParse(action ? actionBody(action, fields, values) : {});
      if (!parsed.success) {
        for (const issue of parsed.error.issues) if (!errors[formFieldOf(issue.path.map(String).join('.'), fields)]) add(issue.path.map(String).join('.'), issue.message);
      } else if (Object.keys(errors).length === 0) {
        try {
          await cases.command(id, command.update, command.args(routeParams, parsed.data as Record<string, unknown>) as never, actorOf(viewer));
          const done = action ? action.title.toLowerCase() : `task ${routeParams.taskId} completed`;
          return res.redirect(303, `${casePath(id)}?done=${encodeURIComponent(done)}`);
        } catch (err) {
          // The case's refusals arrive as Temporal's errors; the API's error handler reads them the same way.
          const http = toHttpError(err);
          if (http?.status === 409) return show(res, id, { status: 409, notice: movedOn(http) });
          if (!(http?.status === 422 && http.errors && action)) throw err;
          for (const e of http.errors) add(e.field, e.message);
        }
      }
      if (!action) throw new HttpError(422, 'Invalid Data', Object.values(errors).flat().join('; '));
      await show(res, id, { status: 422, form: { command: action.command, values, errors } });
    });

  for (const action of CASE_ACTIONS) post(action, action.path);
  post(undefined, COMPLETE_TASK_PATH);
  router.use(caseLifecycleRoutes({ db, services: lifecycle, storage, show }));
  return router;
}
