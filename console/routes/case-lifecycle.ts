/**
 * The case page's part beyond one straight run: what it shows (links, child cases, legal hold,
 * retention) and the forms it offers (console/lifecycle-actions.ts), each posted to the API route's
 * path under /app and carried out by the service that route calls. The export is the API's archive.
 */
import { Router, type Request, type Response } from 'express';
import { findPermission, grantingRoles } from '../../api/auth/permissions';
import { exportCase, sendZip } from '../../api/case-export';
import { toHttpError } from '../../api/error-handler';
import { HttpError, notFound } from '../../api/problem';
import { visibleChildren, visibleLinks } from '../../api/routes/case-lifecycle';
import { caseIdParams } from '../../api/schemas/cases';
import type { Actor } from '../../common/case-types';
import type { CaseView } from '../../common/case-view';
import type { Definition } from '../../common/definition-schema';
import { durationMs } from '../../common/duration';
import { destructionApprovalRefusal } from '../../common/retention-rules';
import { getCaseRow } from '../../store/cases';
import type { Db } from '../../store/db';
import { getRetentionReview } from '../../store/retention';
import type { DocumentStorage } from '../../api/document-files';
import { LIFECYCLE_ACTIONS, type LifecycleAction, type LifecycleContext, type LifecycleServices } from '../lifecycle-actions';
import { viewerOf, type Viewer } from '../context';
import { casePath } from '../paths';
import type { CaseLifecycleProps, ChildCase, LifecycleForm } from '../templates/case-lifecycle';
import { postedValues, type FieldErrors, type FieldValues } from '../templates/form-fields';

export const actorOf = (viewer: Viewer): Actor => ({ id: viewer.user.id, roles: viewer.user.roles, teams: viewer.user.teams });

const pathOf = (action: LifecycleAction, caseId: string) => `/app${action.path.replace(`:${action.idParam}`, encodeURIComponent(caseId))}`;

function mayCall(viewer: Viewer, method: 'GET' | 'POST', path: string): boolean {
  const match = findPermission(method, path);
  return match !== undefined && grantingRoles(match.permission.access, viewer.user.roles).length > 0;
}

/** A form of this part just posted, kept to show again with its errors. */
export interface LifecycleFormState {
  command: string;
  values: FieldValues;
  errors: FieldErrors;
}

/** What the page shows of the case's life beyond one run, and the forms this person may use now. */
export async function lifecycleProps(db: Db, viewer: Viewer, view: CaseView, definition: Definition, now: Date, state: { form?: LifecycleFormState; print?: boolean }): Promise<CaseLifecycleProps> {
  const actor = actorOf(viewer);
  const review = view.status === 'closed' ? await getRetentionReview(db, view.id) : undefined;
  const ctx: LifecycleContext = { view, definition, actor, now, timeZone: viewer.timeZone, review };
  const forms: LifecycleForm[] = state.print
    ? []
    : LIFECYCLE_ACTIONS.filter((a) => a.refusal(ctx) === undefined && mayCall(viewer, 'POST', pathOf(a, view.id))).map((action) => {
        const mine = state.form?.command === action.key ? state.form : undefined;
        return { action, path: pathOf(action, view.id), help: action.help?.(ctx), values: mine?.values ?? {}, errors: mine?.errors ?? {} };
      });

  const links = await Promise.all(
    (await visibleLinks(db, actor, view.id)).map(async (l) => ({ ...l, title: (await getCaseRow(db, l.caseId))?.title })),
  );
  const children = new Map<string, ChildCase>();
  for (const { child, row } of await visibleChildren(db, actor, view)) {
    children.set(child.taskId, { caseId: child.caseId, title: row?.title, phase: row?.phase, status: row?.status });
  }
  // The retention state is for those who approve destructions: admin, or the role the definition names.
  const keep = definition.retention?.keep;
  const approves = destructionApprovalRefusal(view.definition.key, definition, actor) === undefined;
  const retention =
    keep && approves && view.status === 'closed' && view.closedAt && !view.purged
      ? { keep, keptUntil: new Date(Date.parse(view.closedAt) + durationMs(keep)).toISOString(), review }
      : undefined;
  const exportHref = !state.print && !view.purged && mayCall(viewer, 'GET', `${casePath(view.id)}/export`) ? `${casePath(view.id)}/export` : undefined;
  return { forms, links, children, legalHold: view.legalHold, purged: view.purged, retention, exportHref };
}

type Show = (res: Response, id: string, state: { status?: number; form?: LifecycleFormState; notice?: { text: string; kind: 'info' | 'error' } }) => Promise<void>;

export function caseLifecycleRoutes({ db, services, storage, show }: { db: Db; services: LifecycleServices; storage: DocumentStorage; show: Show }): Router {
  const router = Router();

  const caseIdOf = (req: Request, name: string): string => {
    const parsed = caseIdParams.safeParse({ id: req.params[name] });
    if (!parsed.success) throw notFound('the case');
    return parsed.data.id;
  };

  router.get('/cases/:id/export', async (req, res) => {
    const id = caseIdOf(req, 'id');
    sendZip(res, id, await exportCase(db, storage, id));
  });

  for (const action of LIFECYCLE_ACTIONS) {
    router.post(action.path, async (req, res) => {
      const id = caseIdOf(req, action.idParam);
      const viewer = viewerOf(res);
      const actor = actorOf(viewer);
      // The approval's path names no case for the permission table: the team is checked here, as the API route does.
      if (action.idParam === 'caseId') {
        const row = await getCaseRow(db, id);
        if (!row || !(actor.roles.includes('admin') || actor.teams.includes(row.team))) throw notFound('the case');
      }
      const body = (req.body ?? {}) as Record<string, unknown>;
      const fields = action.fields;
      const values = postedValues(fields, body);
      const errors: FieldErrors = {};
      const add = (field: string, message: string) => {
        const name = fields.some((f) => f.name === field) ? field : fields[0].name;
        (errors[name] ??= []).push(message);
      };
      for (const f of fields) if (f.required && !(values[f.name] ?? '').trim()) add(f.name, 'is required');
      const trimmed = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v.trim() !== '').map(([k, v]) => [k, v!.trim()]));
      const parsed = action.body.safeParse(trimmed);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const field = issue.path.map(String).join('.');
          if (!errors[field]) add(field, issue.message);
        }
      } else if (Object.keys(errors).length === 0) {
        try {
          await action.run(services, id, parsed.data as Record<string, unknown>, actor);
          return res.redirect(303, `${casePath(id)}?done=${encodeURIComponent(action.done)}`);
        } catch (err) {
          const http = toHttpError(err);
          if (http && (http.status === 403 || http.status === 409)) {
            return show(res, id, { status: http.status, notice: { text: `This was not done: ${http.message}. The page now shows the case as it is.`, kind: 'error' } });
          }
          if (!(http?.status === 422 && http.errors)) throw err;
          for (const e of http.errors) add(e.field.replace(/^body\./, ''), e.message);
        }
      }
      if (Object.keys(errors).length === 0) throw new HttpError(422, 'Invalid Data', 'the form could not be read');
      await show(res, id, { status: 422, form: { command: action.key, values, errors } });
    });
  }
  return router;
}
