/**
 * "Move running cases", for the designers of a definition (and admins): a dry run, then a move job
 * for the cases chosen, then the job's progress, through the mover and the ownership check the
 * API's routes use.
 */
import { Router, type Request, type Response } from 'express';
import { checkOwnership } from '../../api/definition-publishing';
import { toHttpError } from '../../api/error-handler';
import { notFound } from '../../api/problem';
import { moveJobParams } from '../../api/schemas/case-lifecycle';
import { definitionKey } from '../../api/schemas/text';
import type { VersionMover } from '../../api/version-moves';
import type { Db } from '../../store/db';
import { getDefinitionVersion, listDefinitionVersions } from '../../store/definitions';
import { moveJobClaimed, type MoveJob } from '../../store/version-moves';
import { csrfTokenOf, viewerOf } from '../context';
import { sendFragment, sendPage } from '../render';
import type { FieldErrors, FieldValues } from '../templates/form-fields';
import { jobPath, JobLive, JobPage, MovesPage, REASON_FIELD, type MovesPageProps } from '../templates/version-moves';
import { actorOf } from './case-lifecycle';

const asText = (v: unknown) => (typeof v === 'string' ? v : undefined);
const asVersion = (v: string | undefined) => (v && /^\d{1,9}$/.test(v) ? Number(v) : undefined);

export function versionMovePageRoutes({ db, mover }: { db: Db; mover: VersionMover }): Router {
  const router = Router();

  const keyOf = async (req: Request, res: Response) => {
    const parsed = definitionKey.safeParse(req.params.key);
    if (!parsed.success || !(await getDefinitionVersion(db, parsed.data))) throw notFound('the definition');
    await checkOwnership(db, actorOf(viewerOf(res)), parsed.data);
    return parsed.data;
  };

  /** The page, with the dry run of `asked` when it names a version. */
  const showMoves = async (res: Response, key: string, asked: FieldValues, move?: MovesPageProps['move'], status = 200) => {
    const versions = (await listDefinitionVersions(db, key)).map((v) => v.version);
    const name = (await getDefinitionVersion(db, key))!.definition.name;
    const askedErrors: FieldErrors = {};
    let dryRun: MovesPageProps['dryRun'];
    if (asked.from !== undefined) {
      const from = asVersion(asked.from);
      const to = asked.to ? asVersion(asked.to) : undefined;
      if (from === undefined) askedErrors.from = ['choose a version'];
      else if (asked.to && to === undefined) askedErrors.to = ['choose a version'];
      else {
        try {
          dryRun = await mover.dryRun(key, from, to);
        } catch (err) {
          const http = toHttpError(err);
          if (!(http?.status === 422 && http.errors)) throw err;
          for (const e of http.errors) (askedErrors[e.field] ??= []).push(e.message);
        }
      }
    }
    const viewer = viewerOf(res);
    sendPage(res, MovesPage({ viewer, csrfToken: csrfTokenOf(res), key, name, versions, asked, askedErrors, dryRun, move }), Object.keys(askedErrors).length > 0 ? 422 : status);
  };

  router.get('/definitions/:key/moves', async (req, res) => {
    const key = await keyOf(req, res);
    const asked: FieldValues = { ...(asText(req.query.from) !== undefined ? { from: asText(req.query.from) } : {}), ...(asText(req.query.to) ? { to: asText(req.query.to) } : {}) };
    await showMoves(res, key, asked);
  });

  router.post('/definitions/:key/moves', async (req, res) => {
    const key = await keyOf(req, res);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const asked: FieldValues = { from: asText(body.from) ?? '', ...(asText(body.to) ? { to: asText(body.to) } : {}) };
    const chosen = (Array.isArray(body.cases) ? body.cases : [body.cases]).filter((c): c is string => typeof c === 'string');
    const reason = asText(body.reason) ?? '';
    const errors: FieldErrors = {};
    if (chosen.length === 0) errors.cases = ['choose at least one case'];
    if (!reason.trim()) errors.reason = ['is required'];
    else if (reason.length > (REASON_FIELD.max ?? 2000)) errors.reason = [`is longer than ${REASON_FIELD.max} characters`];
    const from = asVersion(asked.from);
    if (from !== undefined && Object.keys(errors).length === 0) {
      try {
        const job = await mover.move(key, { from, to: asVersion(asked.to), cases: chosen, reason: reason.trim() }, actorOf(viewerOf(res)));
        return res.redirect(303, jobPath(key, job.id));
      } catch (err) {
        const http = toHttpError(err);
        if (!(http?.status === 422 && http.errors)) throw err;
        for (const e of http.errors) (errors[e.field === 'reason' || e.field === 'cases' ? e.field : 'cases'] ??= []).push(e.message);
      }
    }
    await showMoves(res, key, asked, { values: { reason }, chosen, errors }, 422);
  });

  const jobOf = async (req: Request, res: Response): Promise<MoveJob> => {
    const key = await keyOf(req, res);
    const parsed = moveJobParams.safeParse({ key, jobId: req.params.jobId });
    if (!parsed.success) throw notFound('the job');
    return mover.job(key, parsed.data.jobId);
  };
  const jobProps = async (res: Response, job: MoveJob) => ({
    viewer: viewerOf(res),
    csrfToken: csrfTokenOf(res),
    job,
    resumable: job.cases.some((c) => c.status === 'pending') && !(await moveJobClaimed(db, job.id, Date.now())),
  });

  router.get('/definitions/:key/moves/:jobId', async (req, res) => {
    const job = await jobOf(req, res);
    if (req.get('HX-Request') === 'true' && req.get('HX-Target') === 'job-live') return sendFragment(res, JobLive(await jobProps(res, job)));
    sendPage(res, JobPage(await jobProps(res, job)));
  });

  router.post('/definitions/:key/moves/:jobId/resume', async (req, res) => {
    const job = await jobOf(req, res);
    try {
      await mover.resume(job.definitionKey, job.id);
    } catch (err) {
      if (toHttpError(err)?.status !== 409) throw err;
      return sendPage(res, JobPage({ ...(await jobProps(res, await mover.job(job.definitionKey, job.id))), notice: `Not resumed: ${toHttpError(err)!.message}.` }), 409);
    }
    res.redirect(303, jobPath(job.definitionKey, job.id));
  });
  return router;
}
