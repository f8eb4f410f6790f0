/**
 * A person's capabilities, limits and absences in the console, checked with the API's own request
 * schemas and saved by the same store and service functions its /people routes call.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { CaseService } from '../../api/case-service';
import { toHttpError } from '../../api/error-handler';
import { managedPerson, recordAbsence } from '../../api/people-access';
import { absenceBody, routingProfileBody } from '../../api/schemas/routing';
import { userIdParams } from '../../api/schemas/users';
import { createWorkService } from '../../api/work-service';
import type { Db } from '../../store/db';
import { getRoutingProfile, removeAbsence, saveRoutingProfile } from '../../store/people';
import { notFound } from '../../api/problem';
import { goTo } from '../auth/session';
import { csrfTokenOf, pageLocals, viewerOf } from '../context';
import { sendPage } from '../render';
import { PersonRoutingPage, type AbsenceForm, type FormErrors, type RoutingForm } from '../templates/person-routing';
import type { SummaryError } from '../templates/forms';

const personParams = z.object({ userId: userIdParams.shape.id });
const MAX_ROWS = 60;
const WHOLE = /^\d+$/;

const text = (body: Record<string, unknown>, key: string) => (typeof body[key] === 'string' ? (body[key] as string).trim() : '');
const EMPTY_ABSENCE: AbsenceForm = { startsOn: '', endsOn: '', reason: '', delegate: '' };

/** Labels of the inputs, for the summary at the top of the page. */
function labelOf(id: string): string {
  const cap = /^cap-(\d+)-(name|level)$/.exec(id);
  if (cap) return cap[2] === 'name' ? `Capability ${Number(cap[1]) + 1}` : `Level of capability ${Number(cap[1]) + 1}`;
  return ({ 'max-open-cases': 'Most open cases', 'max-open-tasks': 'Most open tasks', 'starts-on': 'First day away', 'ends-on': 'Last day away', 'absence-reason': 'Reason', delegate: 'Delegate' } as Record<string, string>)[id] ?? id;
}

const summaryOf = (errors: FormErrors): SummaryError[] => Object.entries(errors).map(([target, message]) => ({ target, label: labelOf(target), message }));

export function personRoutingRoutes({ db, cases, clock }: { db: Db; cases: CaseService; clock: () => Date }): Router {
  const router = Router();
  const work = createWorkService({ db, cases, clock });

  async function person(req: Request, res: Response) {
    const parsed = personParams.safeParse(req.params);
    if (!parsed.success) throw notFound('the person');
    return managedPerson(db, pageLocals(res).actor!, parsed.data.userId);
  }

  async function show(res: Response, who: Awaited<ReturnType<typeof person>>, over: { form?: RoutingForm; absence?: AbsenceForm; errors?: FormErrors; notice?: string; status?: number } = {}) {
    const profile = await getRoutingProfile(db, who.id);
    const form: RoutingForm = over.form ?? {
      capabilities: profile.capabilities.map((c) => ({ name: c.name, level: String(c.level) })),
      maxOpenCases: profile.maxOpenCases === undefined ? '' : String(profile.maxOpenCases),
      maxOpenTasks: profile.maxOpenTasks === undefined ? '' : String(profile.maxOpenTasks),
    };
    const errors = over.errors ?? {};
    sendPage(
      res,
      PersonRoutingPage({ viewer: viewerOf(res), csrfToken: csrfTokenOf(res), person: who, form, absences: profile.absences, absence: over.absence ?? EMPTY_ABSENCE, errors, summary: summaryOf(errors), notice: over.notice }),
      over.status ?? 200,
    );
  }

  router.get('/people/:userId/routing', async (req, res) => {
    const notice = req.query.saved === '1' ? 'Saved.' : req.query.absence === '1' ? 'The absence is recorded.' : undefined;
    await show(res, await person(req, res), { notice });
  });

  router.post('/people/:userId/routing', async (req, res) => {
    const who = await person(req, res);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const rows = Array.from({ length: MAX_ROWS }, (_, i) => ({ name: text(body, `cap.${i}.name`), level: text(body, `cap.${i}.level`) || '1' }));
    // Each capability sent stands for a filled row of the form, so its errors go beside that row.
    const filled = rows.map((r, i) => ({ ...r, i })).filter((r) => r.name !== '');
    const form: RoutingForm = { capabilities: filled.map(({ name, level }) => ({ name, level })), maxOpenCases: text(body, 'maxOpenCases'), maxOpenTasks: text(body, 'maxOpenTasks') };
    const errors: FormErrors = {};
    const limit = (value: string, id: string) => {
      if (value === '') return null;
      if (!WHOLE.test(value)) errors[id] = 'must be a whole number, 0 or more';
      return Number(value);
    };
    const candidate = {
      capabilities: filled.map((r) => ({ name: r.name, level: WHOLE.test(r.level) ? Number(r.level) : r.level })),
      maxOpenCases: limit(form.maxOpenCases, 'max-open-cases'),
      maxOpenTasks: limit(form.maxOpenTasks, 'max-open-tasks'),
    };
    const parsed = routingProfileBody.safeParse(candidate);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const [field, k, part] = issue.path.map(String);
        // The shown rows are renumbered from the filled ones: row k of the form as it comes back.
        const id = field === 'capabilities' ? `cap-${k ?? 0}-${part ?? 'name'}` : field === 'maxOpenCases' ? 'max-open-cases' : 'max-open-tasks';
        errors[id] ??= issue.message;
      }
    }
    if (Object.keys(errors).length > 0 || !parsed.success) return show(res, who, { form, errors, status: 422 });
    await saveRoutingProfile(db, who.id, { capabilities: parsed.data.capabilities, maxOpenCases: parsed.data.maxOpenCases ?? undefined, maxOpenTasks: parsed.data.maxOpenTasks ?? undefined });
    goTo(req, res, `/app/people/${encodeURIComponent(who.id)}/routing?saved=1`);
  });

  router.post('/people/:userId/absences', async (req, res) => {
    const who = await person(req, res);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const absence: AbsenceForm = { startsOn: text(body, 'startsOn'), endsOn: text(body, 'endsOn'), reason: text(body, 'reason'), delegate: text(body, 'delegate') };
    const ids: Record<string, string> = { startsOn: 'starts-on', endsOn: 'ends-on', reason: 'absence-reason', delegate: 'delegate' };
    const parsed = absenceBody.safeParse({ ...absence, delegate: absence.delegate || undefined });
    const errors: FormErrors = {};
    if (!parsed.success) for (const issue of parsed.error.issues) errors[ids[String(issue.path[0])] ?? 'starts-on'] ??= issue.message;
    else {
      try {
        await recordAbsence(db, work, pageLocals(res).actor!, who, parsed.data, clock());
      } catch (err) {
        const http = toHttpError(err);
        if (http?.status !== 422) throw err;
        for (const e of http.errors ?? []) errors[ids[e.field] ?? 'starts-on'] = e.message;
      }
    }
    if (Object.keys(errors).length > 0) return show(res, who, { absence, errors, status: 422 });
    goTo(req, res, `/app/people/${encodeURIComponent(who.id)}/routing?absence=1`);
  });

  router.post('/people/:userId/absences/:absenceId/delete', async (req, res) => {
    const who = await person(req, res);
    const id = Number(req.params.absenceId);
    if (!Number.isSafeInteger(id) || !(await removeAbsence(db, who.id, id))) throw notFound('the absence');
    goTo(req, res, `/app/people/${encodeURIComponent(who.id)}/routing`);
  });

  return router;
}
