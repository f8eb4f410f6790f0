/**
 * "Definitions", for designers: each definition's versions with their change notes and the diff
 * between any two; an editor of the YAML checked as it is typed by the checker the API uses, each
 * problem at its line with its path and suggestion; the draft kept on the server; a picture of the
 * definition, its forms as case managers see them, a "Try" panel for the screening and risk rules;
 * and publishing with a change note, refused when a newer version appeared since the draft began.
 * A new definition begins as a draft from a starter template (definitions/starters.ts), checked and
 * published the same way; its draft is begun from no version (0).
 */
import { Router, type Request, type Response } from 'express';
import YAML from 'yaml';
import { checkAddresses, checkCaseTeam, checkOwnership, publisherOf } from '../../api/definition-publishing';
import { toHttpError } from '../../api/error-handler';
import { notFound } from '../../api/problem';
import { definitionKey, plainText } from '../../api/schemas/text';
import { z } from 'zod';
import type { Actor } from '../../common/case-types';
import type { Definition } from '../../common/definition-schema';
import { diffDefinitions } from '../../definitions/diff';
import { screen, stratify } from '../../definitions/expressions';
import { normalizeForm, validateForm } from '../../definitions/forms';
import { canonicalHash } from '../../definitions/loader';
import { lineFinder, lineInMessage } from '../../definitions/path-lines';
import { STARTERS, starterText } from '../../definitions/starters';
import { validateDefinitionText } from '../../definitions/validate';
import { listCalendarKeys } from '../../store/calendars';
import type { Db } from '../../store/db';
import { deleteDraft, getDraft, listChangeNotes, listNewDrafts, saveChangeNote, saveDraft } from '../../store/definition-drafts';
import { getDefinitionOwner, listDefinitionOwners } from '../../store/definition-owners';
import { DefinitionOwnedElsewhere, getDefinitionVersion, listDefinitionVersions, listLatestDefinitions, saveDefinitionVersion } from '../../store/definitions';
import { goTo } from '../auth/session';
import { csrfTokenOf, viewerOf, type Viewer } from '../context';
import { sendFragment, sendPage } from '../render';
import { CheckResults, DefinitionsPage, DiffPage, EditorPage, NewDefinitionPage, TryResults, type Checked, type EditorProps, type Problem } from '../templates/definitions-studio';
import { errorsByField, postedValues } from '../templates/form-fields';

const actorOf = (viewer: Viewer): Actor => ({ id: viewer.user.id, roles: viewer.user.roles, teams: viewer.user.teams });
const MAX_TEXT = 200_000;

/** Checks the text as the API would before publishing it. */
export function checkText(text: string, calendars: string[]): Checked {
  const result = validateDefinitionText(text, 'yaml', { calendars });
  const problems = result.ok ? [] : result.errors;
  const line = lineFinder(text);
  const located: Problem[] = problems.map((p) => ({ ...p, line: p.path === '(document)' ? lineInMessage(p.message) : line(p.path) }));
  located.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { problems: located, definition: result.ok && problems.length === 0 ? result.definition : undefined };
}

export function definitionStudioRoutes({ db, clock, notifyAllowedDomains = [] }: { db: Db; clock: () => Date; notifyAllowedDomains?: readonly string[] }): Router {
  const router = Router();

  const keyOf = (req: Request) => {
    const parsed = definitionKey.safeParse(req.params.key);
    if (!parsed.success) throw notFound('the definition');
    return parsed.data;
  };
  /** The keys a designer may publish: those of their teams (every one for an admin). */
  const mayEdit = async (viewer: Viewer) => {
    const owners = await listDefinitionOwners(db);
    const isAdmin = viewer.user.roles.includes('admin');
    return (key: string) => isAdmin || viewer.user.teams.includes(owners.get(key) ?? '');
  };
  /**
   * Whether the designer may work on the key: one of their teams', or a new one (no version, no
   * owner) they have a draft of. The newest version, if any, comes with the answer.
   */
  const editable = async (viewer: Viewer, key: string) => {
    const newest = await getDefinitionVersion(db, key);
    if (newest) return { ok: (await mayEdit(viewer))(key), newest };
    const unowned = (await getDefinitionOwner(db, key)) === undefined;
    return { ok: unowned && (await getDraft(db, key, viewer.user.id)) !== undefined, newest: undefined };
  };
  const requireEditable = async (res: Response, key: string) => {
    const found = await editable(viewerOf(res), key);
    if (!found.ok) throw notFound(`the definition '${key}'`);
    return found.newest;
  };

  router.get('/definitions', async (req, res) => {
    const viewer = viewerOf(res);
    const mayEditKey = await mayEdit(viewer);
    const latestOnes = await listLatestDefinitions(db);
    const items = await Promise.all(
      latestOnes.filter((d) => mayEditKey(d.key)).map(async (d) => ({ key: d.key, name: d.definition.name, versions: await listDefinitionVersions(db, d.key), notes: await listChangeNotes(db, d.key), draft: await getDraft(db, d.key, viewer.user.id) })),
    );
    const published = new Set(latestOnes.map((d) => d.key));
    const drafts = (await listNewDrafts(db, viewer.user.id)).filter((d) => !published.has(d.key));
    const notice = typeof req.query.published === 'string' ? `Published ${req.query.published.slice(0, 100)}.` : undefined;
    sendPage(res, DefinitionsPage({ viewer, csrfToken: csrfTokenOf(res), items, drafts, notice }));
  });

  router.get('/definitions/new', (_req, res) => {
    sendPage(res, NewDefinitionPage({ viewer: viewerOf(res), csrfToken: csrfTokenOf(res), starters: STARTERS, values: { starter: STARTERS[0].id } }));
  });

  /** Begins a new definition: the key, name and starter checked, each error beside its field, then a draft from the starter. */
  router.post('/definitions/new', async (req, res) => {
    const viewer = viewerOf(res);
    const raw = (req.body ?? {}) as Record<string, unknown>;
    const values = Object.fromEntries(['key', 'name', 'starter'].map((k) => [k, typeof raw[k] === 'string' ? (raw[k] as string).slice(0, 500) : ''])) as Record<'key' | 'name' | 'starter', string>;
    const errors: Record<string, string> = {};
    const key = definitionKey.safeParse(values.key.trim());
    if (!key.success) errors.key = `The key ${key.error.issues[0].message}`;
    else if ((await getDefinitionVersion(db, key.data)) || (await getDefinitionOwner(db, key.data)) !== undefined) errors.key = `A definition '${key.data}' exists already; choose another key, or edit that one`;
    else if ((await getDraft(db, key.data, viewer.user.id)) !== undefined) errors.key = `You have a draft of '${key.data}' already; open it from Definitions, or choose another key`;
    const name = plainText(200).pipe(z.string().trim().min(1, 'must not be empty')).safeParse(values.name);
    if (!name.success) errors.name = `The name ${name.error.issues[0].message}`;
    const starter = STARTERS.find((s) => s.id === values.starter);
    if (!starter) errors.starter = 'Choose the template to begin from';
    if (Object.keys(errors).length > 0 || !key.success || !name.success || !starter) {
      return sendPage(res, NewDefinitionPage({ viewer, csrfToken: csrfTokenOf(res), starters: STARTERS, values, errors }), 422);
    }
    const text = starterText(starter, { key: key.data, name: name.data, team: viewer.user.teams[0] });
    await saveDraft(db, { key: key.data, ownerId: viewer.user.id, baseVersion: 0, text, updatedAt: clock().toISOString() });
    goTo(req, res, `/app/definitions/${key.data}/edit`);
  });

  router.get('/definitions/:key/diff', async (req, res) => {
    const key = keyOf(req);
    const viewer = viewerOf(res);
    if (!(await mayEdit(viewer))(key)) throw notFound(`the definition '${key}'`);
    const versions = await listDefinitionVersions(db, key);
    const from = Number(req.query.from);
    const to = Number(req.query.to);
    const [older, newer] = await Promise.all([getDefinitionVersion(db, key, from), getDefinitionVersion(db, key, to)]);
    const problem = !older ? 'Choose the version to compare from.' : !newer ? 'Choose the version to compare with.' : undefined;
    sendPage(res, DiffPage({ viewer, csrfToken: csrfTokenOf(res), key, versions: versions.map((v) => v.version), from, to, notes: await listChangeNotes(db, key), changes: older && newer ? diffDefinitions(older.definition, newer.definition) : [], problem }), problem ? 422 : 200);
  });

  const editor = async (res: Response, key: string, text: string, baseVersion: number, extra: Partial<Pick<EditorProps, 'note' | 'noteError' | 'conflict' | 'notice' | 'tried'>> = {}, status = 200) => {
    const viewer = viewerOf(res);
    const newest = await getDefinitionVersion(db, key);
    const checked = checkText(text, await listCalendarKeys(db));
    sendPage(
      res,
      EditorPage({
        viewer,
        csrfToken: csrfTokenOf(res),
        key,
        text,
        baseVersion,
        newestVersion: newest?.version ?? 0,
        checked,
        diff: checked.definition && newest ? diffDefinitions(newest.definition, checked.definition) : undefined,
        ...extra,
      }),
      status,
    );
  };

  router.get('/definitions/:key/edit', async (req, res) => {
    const key = keyOf(req);
    const viewer = viewerOf(res);
    const newest = await requireEditable(res, key);
    const draft = await getDraft(db, key, viewer.user.id);
    const begun = draft && draft.baseVersion === 0 ? 'Your new definition, not published yet' : `Your draft, begun from version ${draft?.baseVersion}`;
    await editor(res, key, draft?.text ?? YAML.stringify(newest!.definition), draft?.baseVersion ?? newest!.version, { notice: draft ? `${begun}, saved ${draft.updatedAt}.` : undefined });
  });

  /** The text and base version a form sent, the draft saved as it is. */
  const drafted = async (req: Request, res: Response, key: string) => {
    const viewer = viewerOf(res);
    const text = typeof req.body?.text === 'string' ? (req.body.text as string).slice(0, MAX_TEXT) : '';
    const base = Number(req.body?.base);
    const baseVersion = Number.isSafeInteger(base) && base >= 0 && req.body?.base !== '' ? base : ((await getDefinitionVersion(db, key))?.version ?? 0);
    await saveDraft(db, { key, ownerId: viewer.user.id, baseVersion, text, updatedAt: clock().toISOString() });
    return { text, baseVersion };
  };

  // Checked as the designer types (htmx sends the editor here), and by the Check button without script.
  router.post('/definitions/:key/check', async (req, res) => {
    const key = keyOf(req);
    const newest = await requireEditable(res, key);
    const { text, baseVersion } = await drafted(req, res, key);
    if (req.get('HX-Request') !== 'true') return editor(res, key, text, baseVersion, { notice: 'Draft saved.' });
    const checked = checkText(text, await listCalendarKeys(db));
    sendFragment(res, CheckResults({ defKey: key, checked, diff: checked.definition && newest ? diffDefinitions(newest.definition, checked.definition) : undefined, newestVersion: newest?.version ?? 0, savedAt: clock().toISOString() }));
  });

  router.post('/definitions/:key/try', async (req, res) => {
    const key = keyOf(req);
    const newest = await requireEditable(res, key);
    const text = typeof req.body?.text === 'string' ? (req.body.text as string).slice(0, MAX_TEXT) : newest ? YAML.stringify(newest.definition) : '';
    const checked = checkText(text, await listCalendarKeys(db));
    const definition: Definition | undefined = checked.definition;
    if (!definition) return sendFragment(res, TryResults({ problem: 'Fix the definition first: the rules are tried on the definition as it is in the editor.' }), 422);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const intakeValues = postedValues(definition.forms.intake, body, 'try-intake');
    const assessmentValues = postedValues(definition.forms.assessment, body, 'try-assessment');
    const intakeErrors = validateForm(definition.forms.intake, normalizeForm(definition.forms.intake, intakeValues));
    const assessmentErrors = validateForm(definition.forms.assessment, normalizeForm(definition.forms.assessment, assessmentValues));
    const intake = normalizeForm(definition.forms.intake, intakeValues);
    const assessment = normalizeForm(definition.forms.assessment, assessmentValues);
    const problems: string[] = [];
    const screening = screen(definition, intake, (p) => problems.push(p));
    const risk = stratify(definition, assessment, intake);
    const tried = { screening, risk, problems, intakeErrors: errorsByField(intakeErrors), assessmentErrors: errorsByField(assessmentErrors) };
    if (req.get('HX-Request') === 'true') return sendFragment(res, TryResults(tried));
    const base = Number(req.body?.base);
    await editor(res, key, text, Number.isSafeInteger(base) && base >= 0 ? base : (newest?.version ?? 0), { tried });
  });

  router.post('/definitions/:key/publish', async (req, res) => {
    const key = keyOf(req);
    const viewer = viewerOf(res);
    const actor = actorOf(viewer);
    await requireEditable(res, key);
    const { text, baseVersion } = await drafted(req, res, key);
    const note = typeof req.body?.note === 'string' ? (req.body.note as string) : '';
    const checkedNote = plainText(2000).safeParse(note);
    if (!checkedNote.success) return editor(res, key, text, baseVersion, { note, noteError: `The change note ${checkedNote.error.issues[0].message}` }, 422);
    const checked = checkText(text, await listCalendarKeys(db));
    if (!checked.definition) return editor(res, key, text, baseVersion, { note, notice: 'Not published: fix the problems first.' }, 422);
    if (checked.definition.key !== key) return editor(res, key, text, baseVersion, { note, notice: `Not published: the key must stay '${key}'.` }, 422);
    const newest = await getDefinitionVersion(db, key);
    if (newest && newest.version > baseVersion) {
      const base = baseVersion > 0 ? await getDefinitionVersion(db, key, baseVersion) : undefined;
      return editor(res, key, text, baseVersion, { note, conflict: { newer: newest.version, theirs: base ? diffDefinitions(base.definition, newest.definition) : diffDefinitions(checked.definition, newest.definition), ours: base ? diffDefinitions(base.definition, checked.definition) : [] } }, 409);
    }
    try {
      await checkOwnership(db, actor, key);
      checkCaseTeam(actor, checked.definition);
      await checkAddresses(db, actor, checked.definition, notifyAllowedDomains);
      const { created, version } = await saveDefinitionVersion(db, checked.definition, canonicalHash(checked.definition), publisherOf(actor));
      if (!created) return editor(res, key, text, baseVersion, { note, notice: `Not published: the draft is the same as version ${version.version}.` }, 409);
      await saveChangeNote(db, key, { version: version.version, note: checkedNote.data, createdBy: viewer.user.id, createdAt: clock().toISOString() });
      await deleteDraft(db, key, viewer.user.id);
      goTo(req, res, `/app/definitions?published=${encodeURIComponent(`${key} version ${version.version}`)}`);
    } catch (err) {
      const http = err instanceof DefinitionOwnedElsewhere ? { status: 403, message: err.message } : toHttpError(err);
      if (!http || http.status >= 500) throw err;
      return editor(res, key, text, baseVersion, { note, notice: `Not published: ${http.message}` }, http.status);
    }
  });

  router.post('/definitions/:key/discard', async (req, res) => {
    const key = keyOf(req);
    const newest = await getDefinitionVersion(db, key);
    await deleteDraft(db, key, viewerOf(res).user.id);
    // A new definition's draft discarded leaves nothing to edit.
    goTo(req, res, newest ? `/app/definitions/${key}/edit` : '/app/definitions');
  });

  return router;
}
