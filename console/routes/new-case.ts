/**
 * "New case": a case type's intake form, rendered from its definition, checked by the same schema
 * and the same service as `POST /cases`, with each error shown beside its field.
 */
import { Router, type Response } from 'express';
import type { z } from 'zod';
import { HttpError, notFound } from '../../api/problem';
import type { CaseService } from '../../api/case-service';
import { openCaseBody } from '../../api/schemas/cases';
import { definitionKey } from '../../api/schemas/text';
import { normalizeForm } from '../../definitions/forms';
import type { Definition } from '../../common/definition-schema';
import type { Db } from '../../store/db';
import { getDefinitionVersion, listLatestDefinitions } from '../../store/definitions';
import { takeFormDraft } from '../../store/form-drafts';
import { listUsers } from '../../store/users';
import { csrfTokenOf, viewerOf, type Viewer } from '../context';
import { casePath } from '../paths';
import { sendPage } from '../render';
import { postedValues, type FieldErrors, type FieldValues, type RenderField } from '../templates/form-fields';
import { ChooseDefinitionPage, IntakeFormPage } from '../templates/new-case';

/** The teams a case may be opened in by this person, the definition's own first. */
function teamsFor(viewer: Viewer, definition: Definition): string[] {
  const own = viewer.user.teams;
  const first = definition.team && (own.includes(definition.team) || viewer.user.roles.includes('admin')) ? [definition.team] : [];
  return [...new Set([...first, ...own])];
}

async function caseFields(db: Db, viewer: Viewer, definition: Definition): Promise<RenderField[]> {
  const teams = teamsFor(viewer, definition);
  // A supervisor (and an admin) may give the case to anyone in its teams; others only to themselves.
  const anyone = viewer.user.roles.some((r) => r === 'supervisor' || r === 'admin');
  const people = anyone ? (await listUsers(db)).filter((u) => u.active && u.teams.some((t) => teams.includes(t))) : [viewer.user];
  return [
    { name: 'title', type: 'string', label: 'Title', help: 'A few words that tell this case from others', required: true, max: 500 },
    { name: 'subject', type: 'string', label: 'Subject', help: 'Who or what the case is about', required: false, max: 500 },
    { name: 'team', type: 'enum', label: 'Team', required: true, values: teams, options: teams.map((t) => ({ value: t, label: t })) },
    { name: 'assignee', type: 'enum', label: 'Assign to', required: false, blank: 'Nobody yet', values: people.map((p) => p.id), options: people.map((p) => ({ value: p.id, label: p.id === viewer.user.id ? `Me (${p.name})` : p.name })) },
  ];
}

const asText = (v: unknown) => (typeof v === 'string' ? v : undefined);

export function newCaseRoutes({ db, cases }: { db: Db; cases: CaseService }): Router {
  const router = Router();

  const intakePage = async (res: Response, stored: { key: string; definition: Definition }, typed: Record<string, unknown>, errors: { case: FieldErrors; intake: FieldErrors }, restored = false, status = 200) => {
    const viewer = viewerOf(res);
    const fields = await caseFields(db, viewer, stored.definition);
    const caseValues: FieldValues = { team: teamsFor(viewer, stored.definition)[0], ...postedValues(fields, typed) };
    sendPage(
      res,
      IntakeFormPage({
        viewer,
        csrfToken: csrfTokenOf(res),
        definition: { key: stored.key, name: stored.definition.name, description: stored.definition.description },
        caseFields: fields,
        intakeFields: stored.definition.forms.intake,
        caseValues,
        intakeValues: postedValues(stored.definition.forms.intake, typed, 'intake'),
        caseErrors: errors.case,
        intakeErrors: errors.intake,
        restored,
      }),
      status,
    );
  };

  router.get('/cases/new', async (req, res) => {
    const viewer = viewerOf(res);
    const key = asText(req.query.definition);
    if (!key) {
      const definitions = (await listLatestDefinitions(db)).map((d) => ({ key: d.key, name: d.definition.name, description: d.definition.description }));
      return sendPage(res, ChooseDefinitionPage({ viewer, csrfToken: csrfTokenOf(res), definitions }));
    }
    const stored = definitionKey.safeParse(key).success ? await getDefinitionVersion(db, key) : undefined;
    if (!stored) throw notFound('the case type');
    const draftId = asText(req.query.draft);
    const draft = draftId ? await takeFormDraft(db, draftId, viewer.user.id) : undefined;
    await intakePage(res, stored, draft?.fields ?? {}, { case: {}, intake: {} }, draft !== undefined);
  });

  router.post('/cases', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const key = asText(body.definition) ?? '';
    const stored = definitionKey.safeParse(key).success ? await getDefinitionVersion(db, key) : undefined;
    if (!stored) throw notFound('the case type');
    const fields = stored.definition.forms.intake;
    const request = {
      definition: key,
      title: asText(body.title) ?? '',
      ...(asText(body.subject)?.trim() ? { subject: asText(body.subject) } : {}),
      ...(asText(body.team) ? { team: asText(body.team) } : {}),
      ...(asText(body.assignee) ? { assignee: asText(body.assignee) } : {}),
      intake: normalizeForm(fields, postedValues(fields, body, 'intake')),
    };
    const errors = { case: {} as FieldErrors, intake: {} as FieldErrors };
    const sort = (list: Array<{ field: string; message: string }>) => {
      for (const e of list) {
        const [head, ...rest] = e.field.split('.');
        if (head === 'intake' && rest.length > 0) (errors.intake[rest.join('.')] ??= []).push(e.message);
        else (errors.case[head] ??= []).push(e.message);
      }
    };
    const parsed = openCaseBody.safeParse(request);
    if (!parsed.success) sort(parsed.error.issues.map((i) => ({ field: i.path.map(String).join('.'), message: i.message })));
    if (parsed.success) {
      try {
        const { user } = viewerOf(res);
        const view = await cases.open(parsed.data as z.infer<typeof openCaseBody>, { id: user.id, roles: user.roles, teams: user.teams });
        return res.redirect(303, `${casePath(view.id)}?opened=1`);
      } catch (err) {
        if (!(err instanceof HttpError && err.status === 422 && err.errors)) throw err;
        sort(err.errors);
      }
    }
    await intakePage(res, stored, body, errors, false, 422);
  });

  return router;
}
