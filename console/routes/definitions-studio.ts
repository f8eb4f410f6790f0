/**
 * "Definitions", for designers: each definition's versions with their change notes and the diff
 * between any two; an editor of the YAML checked as it is typed by the checker the API uses, each
 * problem at its line with its path and suggestion; the draft kept on the server; a picture of the
 * definition, its forms as case managers see them, a "Try" panel for the screening and risk rules;
 * and publishing with a change note, refused when a newer version appeared since the draft began.
 */
import { Router, type Request, type Response } from 'express';
import YAML from 'yaml';
import { checkAddresses, checkCaseTeam, checkOwnership, publisherOf } from '../../api/definition-publishing';
import { toHttpError } from '../../api/error-handler';
import { notFound } from '../../api/problem';
import { definitionKey, plainText } from '../../api/schemas/text';
import type { Actor } from '../../common/case-types';
import type { Definition } from '../../common/definition-schema';
import { diffDefinitions } from '../../definitions/diff';
import { screen, stratify } from '../../definitions/expressions';
import { normalizeForm, validateForm } from '../../definitions/forms';
import { canonicalHash } from '../../definitions/loader';
import { lineFinder, lineInMessage } from '../../definitions/path-lines';
import { validateDefinitionText } from '../../definitions/validate';
import { listCalendarKeys } from '../../store/calendars';
import type { Db } from '../../store/db';
import { deleteDraft, getDraft, listChangeNotes, saveChangeNote, saveDraft } from '../../store/definition-drafts';
import { listDefinitionOwners } from '../../store/definition-owners';
import { DefinitionOwnedElsewhere, getDefinitionVersion, listDefinitionVersions, listLatestDefinitions, saveDefinitionVersion } from '../../store/definitions';
import { goTo } from '../auth/session';
import { csrfTokenOf, viewerOf, type Viewer } from '../context';
import { sendFragment, sendPage } from '../render';
import { CheckResults, DefinitionsPage, DiffPage, EditorPage, TryResults, type Checked, type EditorProps, type Problem } from '../templates/definitions-studio';
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
  const latest = async (key: string) => {
    const found = await getDefinitionVersion(db, key);
    if (!found) throw notFound(`the definition '${key}'`);
    return found;
  };
  /** The keys a designer may publish: those of their teams (every one for an admin). */
  const mayEdit = async (viewer: Viewer) => {
    const owners = await listDefinitionOwners(db);
    const isAdmin = viewer.user.roles.includes('admin');
    return (key: string) => isAdmin || viewer.user.teams.includes(owners.get(key) ?? '');
  };

  router.get('/definitions', async (req, res) => {
    const viewer = viewerOf(res);
    const editable = await mayEdit(viewer);
    const items = await Promise.all(
      (await listLatestDefinitions(db)).filter((d) => editable(d.key)).map(async (d) => ({ key: d.key, name: d.definition.name, versions: await listDefinitionVersions(db, d.key), notes: await listChangeNotes(db, d.key), draft: await getDraft(db, d.key, viewer.user.id) })),
    );
    const published = typeof req.query.published === 'string' ? `Published ${req.query.published.slice(0, 100)}.` : undefined;
    sendPage(res, DefinitionsPage({ viewer, csrfToken: csrfTokenOf(res), items, notice: published }));
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
    const newest = await latest(key);
    const checked = checkText(text, await listCalendarKeys(db));
    sendPage(
      res,
      EditorPage({
        viewer,
        csrfToken: csrfTokenOf(res),
        key,
        text,
        baseVersion,
        newestVersion: newest.version,
        checked,
        diff: checked.definition ? diffDefinitions(newest.definition, checked.definition) : undefined,
        ...extra,
      }),
      status,
    );
  };

  router.get('/definitions/:key/edit', async (req, res) => {
    const key = keyOf(req);
    const viewer = viewerOf(res);
    if (!(await mayEdit(viewer))(key)) throw notFound(`the definition '${key}'`);
    const newest = await latest(key);
    const draft = await getDraft(db, key, viewer.user.id);
    await editor(res, key, draft?.text ?? YAML.stringify(newest.definition), draft?.baseVersion ?? newest.version, { notice: draft ? `Your draft, begun from version ${draft.baseVersion}, saved ${draft.updatedAt}.` : undefined });
  });

  /** The text and base version a form sent, the draft saved as it is. */
  const drafted = async (req: Request, res: Response, key: string) => {
    const viewer = viewerOf(res);
    const text = typeof req.body?.text === 'string' ? (req.body.text as string).slice(0, MAX_TEXT) : '';
    const base = Number(req.body?.base);
    const baseVersion = Number.isSafeInteger(base) && base > 0 ? base : (await latest(key)).version;
    await saveDraft(db, { key, ownerId: viewer.user.id, baseVersion, text, updatedAt: clock().toISOString() });
    return { text, baseVersion };
  };

  // Checked as the designer types (htmx sends the editor here), and by the Check button without script.
  router.post('/definitions/:key/check', async (req, res) => {
    const key = keyOf(req);
    if (!(await mayEdit(viewerOf(res)))(key)) throw notFound(`the definition '${key}'`);
    const { text, baseVersion } = await drafted(req, res, key);
    if (req.get('HX-Request') !== 'true') return editor(res, key, text, baseVersion, { notice: 'Draft saved.' });
    const newest = await latest(key);
    const checked = checkText(text, await listCalendarKeys(db));
    sendFragment(res, CheckResults({ defKey: key, checked, diff: checked.definition ? diffDefinitions(newest.definition, checked.definition) : undefined, newestVersion: newest.version, savedAt: clock().toISOString() }));
  });

  router.post('/definitions/:key/try', async (req, res) => {
    const key = keyOf(req);
    if (!(await mayEdit(viewerOf(res)))(key)) throw notFound(`the definition '${key}'`);
    const text = typeof req.body?.text === 'string' ? (req.body.text as string).slice(0, MAX_TEXT) : YAML.stringify((await latest(key)).definition);
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
    await editor(res, key, text, Number.isSafeInteger(base) && base > 0 ? base : (await latest(key)).version, { tried });
  });

  router.post('/definitions/:key/publish', async (req, res) => {
    const key = keyOf(req);
    const viewer = viewerOf(res);
    const actor = actorOf(viewer);
    if (!(await mayEdit(viewer))(key)) throw notFound(`the definition '${key}'`);
    const { text, baseVersion } = await drafted(req, res, key);
    const note = typeof req.body?.note === 'string' ? (req.body.note as string) : '';
    const checkedNote = plainText(2000).safeParse(note);
    if (!checkedNote.success) return editor(res, key, text, baseVersion, { note, noteError: `The change note ${checkedNote.error.issues[0].message}` }, 422);
    const checked = checkText(text, await listCalendarKeys(db));
    if (!checked.definition) return editor(res, key, text, baseVersion, { note, notice: 'Not published: fix the problems first.' }, 422);
    if (checked.definition.key !== key) return editor(res, key, text, baseVersion, { note, notice: `Not published: the key must stay '${key}'.` }, 422);
    const newest = await latest(key);
    if (newest.version > baseVersion) {
      const base = await getDefinitionVersion(db, key, baseVersion);
      return editor(res, key, text, baseVersion, { note, conflict: { newer: newest.version, theirs: base ? diffDefinitions(base.definition, newest.definition) : [], ours: base ? diffDefinitions(base.definition, checked.definition) : [] } }, 409);
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
    await deleteDraft(db, key, viewerOf(res).user.id);
    goTo(req, res, `/app/definitions/${key}/edit`);
  });

  return router;
}
