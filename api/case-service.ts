/**
 * What the API does with Temporal for cases: open one as a workflow and send it commands as
 * updates. Every command answers with the case's new state, read from the read model, which the
 * case writes before it answers; the API never queries a workflow.
 */
import { WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { UpdateDefinition } from '@temporalio/common';
import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Actor, CaseInput, CommandAnswer, FormData } from '../common/case-types';
import type { CaseView, LegacyCaseView } from '../common/case-view';
import { canonicalJson } from '../common/canonical-json';
import { caseOpenedUpdate } from '../common/messages';
import * as sa from '../common/search-attributes';
import { validateForm } from '../definitions/forms';
import type { caseWorkflow } from '../workflows';
import { getCaseRow, getCaseView, nextCaseNumber, renumberReservation, reserveCaseNumber, type Reservation } from '../store/cases';
import type { Db } from '../store/db';
import { getCalendarVersion } from '../store/calendars';
import { getDefinitionVersion } from '../store/definitions';
import { DEFAULT_ROLLOVER_WAIT_MS, sendWhileBusy } from './busy';
import { RETENTION_MS, systemClock, type Clock } from './idempotency';
import { HttpError, invalid, notFound } from './problem';

export interface OpenCaseRequest {
  definition: string;
  title: string;
  subject?: string;
  team?: string;
  assignee?: string;
  intake: FormData;
}

export const DEFAULT_TEAM = 'default';
const MAX_NUMBER_SKIPS = 1000;
/**
 * Pauses between looks for a command's revision in the read model. The case writes its change
 * before it answers, so the first look finds it; a later one is needed when a notification's
 * outcome raised the revision in the same workflow task, and is written just after.
 */
const RECORDED_WAIT_MS = [5, 10, 20, 40, 80, 160, 320, 640, 1000, 1000];

const isView = (answer: CommandAnswer): answer is LegacyCaseView => 'phase' in answer;
/** A whole view, as runs begun before the read model folded the trail answered with. */
const asView = (legacy: LegacyCaseView): CaseView => ({ ...legacy, noteCount: legacy.noteCount ?? legacy.notes.length });

/** The memo field holding the token a case was opened with, to tell its retries from other cases. */
const ORIGIN_MEMO = 'origin';

const requestHash = (request: OpenCaseRequest) => createHash('sha256').update(canonicalJson(request)).digest('hex');

export function caseId(key: string, number: number): string {
  return `${key}-${String(number).padStart(6, '0')}`;
}

export interface CaseServiceDeps {
  client: Client;
  db: Db;
  taskQueue: string;
  /** History events after which a case continues as new. */
  historyLimit?: number;
  /** The time reservations of case numbers age by, as idempotency records do. */
  clock?: Clock;
  /** How long a command refused as busy is sent again before the API answers 503. */
  rolloverWaitMs?: number;
}

const notRecordedYet = (detail: string) => new HttpError(503, 'Not Recorded Yet', detail, undefined, 1);

export function createCaseService({ client, db, taskQueue, historyLimit, clock = systemClock, rolloverWaitMs = DEFAULT_ROLLOVER_WAIT_MS }: CaseServiceDeps) {
  const handle = (id: string) => client.workflow.getHandle<typeof caseWorkflow>(id);
  /**
   * The case as recorded once a command's change is. The workflow answers after writing it, so the
   * read model holds that revision; if it never shows it (the API reads another database than the
   * worker writes), the client hears so: the command was carried out.
   */
  const viewAfter = async (id: string, answer: CommandAnswer): Promise<CaseView> => {
    if (isView(answer)) return asView(answer);
    for (const pause of [...RECORDED_WAIT_MS, undefined]) {
      const recorded = await getCaseView(db, id);
      if (recorded && recorded.revision >= answer.revision) return recorded;
      if (pause !== undefined) await sleep(pause);
    }
    throw notRecordedYet(
      `the command was carried out (the case reached revision ${answer.revision}), but the read model does not show it yet; read the case with GET /cases/${id} in a moment rather than sending the command again`,
    );
  };
  /** The case under an id and the token it was opened with (none before tokens); undefined when no case has the id. */
  const describeOrigin = async (id: string): Promise<{ origin?: string } | undefined> => {
    try {
      const origin = (await handle(id).describe()).memo?.[ORIGIN_MEMO];
      return typeof origin === 'string' ? { origin } : {};
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return undefined;
      throw err;
    }
  };
  const exists = (id: string) =>
    handle(id)
      .describe()
      .then(() => true)
      .catch((err) => (err instanceof WorkflowNotFoundError ? false : Promise.reject(err)));

  /**
   * The case as its workflow last recorded it. A command's answer comes after its change is
   * recorded, so a reader sees their own writes. A case that has recorded no view yet is not
   * asked: the answer says so, and a case with no workflow either does not exist.
   */
  const view = async (id: string): Promise<CaseView> => {
    const recorded = await getCaseView(db, id);
    if (recorded) return recorded;
    const row = await getCaseRow(db, id);
    if (row?.status === 'closed') {
      throw new HttpError(404, 'Not Found', `case ${id} closed before cases kept their view; GET /cases lists it and GET /cases/${id}/events shows its trail`);
    }
    if (row || (await exists(id))) throw notRecordedYet(`case ${id} is not recorded yet; read it again in a moment`);
    throw notFound('the case');
  };
  /**
   * The case a reservation's earlier attempt opened, or opens it if that attempt never got as far:
   * `attach` reaches it while it runs, and a closed one is read as recorded. Undefined, with the
   * case untouched, when another case has its id.
   */
  const openedBy = async (reservation: Reservation, attach: () => Promise<CaseView>): Promise<CaseView | undefined> => {
    const found = await describeOrigin(reservation.caseId);
    if (found && found.origin !== reservation.origin) return undefined;
    try {
      return await attach();
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return view(reservation.caseId);
      throw err;
    }
  };

  return {
    async open(request: OpenCaseRequest, actor: Actor, idempotencyKey?: string): Promise<CaseView> {
      const definition = await getDefinitionVersion(db, request.definition);
      if (!definition) throw invalid([{ field: 'definition', message: `no case definition has the key '${request.definition}'` }]);
      const errors = validateForm(definition.definition.forms.intake, request.intake);
      if (errors.length > 0) throw invalid(errors.map((e) => ({ field: `intake.${e.field}`, message: e.message })));

      // The case pins the calendar's newest version; later versions reach it while it runs (calendar-rollout.ts).
      const calendarKey = definition.definition.calendar;
      const pinned = calendarKey === undefined ? undefined : await getCalendarVersion(db, calendarKey);
      if (calendarKey !== undefined && !pinned) throw new HttpError(409, 'Calendar Unavailable', `the definition counts on the calendar '${calendarKey}', which is not published; publish it first`);
      const calendar = pinned && { key: pinned.key, version: pinned.version, hash: pinned.hash };
      const team = request.team ?? definition.definition.team ?? actor.teams[0] ?? DEFAULT_TEAM;
      // A case outside the opener's teams would vanish from their sight the moment it opened.
      if (!actor.roles.includes('admin') && !actor.teams.includes(team)) {
        throw new HttpError(403, 'Forbidden', `cases of team '${team}' are opened by its members; name one of your teams in 'team'`);
      }
      const start = (number: number, origin: string, conflict: 'FAIL' | 'USE_EXISTING') => {
        const id = caseId(definition.key, number);
        const input: CaseInput = {
          caseId: id,
          number,
          title: request.title,
          subject: request.subject,
          team,
          assignee: request.assignee,
          intake: request.intake,
          // By reference: a definition may be large, and the case's first event should not be.
          definition: { key: definition.key, version: definition.version, hash: definition.hash },
          ...(calendar ? { calendar } : {}),
          openedBy: actor,
          historyLimit,
          origin,
        };
        return new WithStartWorkflowOperation('caseWorkflow', {
          workflowId: id,
          taskQueue,
          args: [input],
          workflowIdConflictPolicy: conflict,
          // A closed case's id never starts again: one workflow id is one case, for good.
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          memo: { title: request.title, ...(request.subject ? { subject: request.subject } : {}), [ORIGIN_MEMO]: origin },
          typedSearchAttributes: [
            { key: sa.CaseType, value: definition.key },
            { key: sa.CasePhase, value: 'screening' },
            { key: sa.CaseStatus, value: 'open' },
            { key: sa.CaseTeam, value: team },
            ...(request.assignee ? [{ key: sa.CaseAssignee, value: request.assignee }] : []),
          ],
        });
      };
      const opened = async (number: number, origin: string, conflict: 'FAIL' | 'USE_EXISTING') =>
        viewAfter(caseId(definition.key, number), await client.workflow.executeUpdateWithStart(caseOpenedUpdate, { startWorkflowOperation: start(number, origin, conflict) }));
      /**
       * Opens the case under a number no case has yet. A number already taken in Temporal (say, the
       * read model was restored from an older backup) is skipped rather than reused.
       */
      const openFresh = async (first: number, origin: string, next: () => Promise<number>): Promise<CaseView> => {
        for (let attempt = 0, number = first; ; attempt++, number = await next()) {
          try {
            return await opened(number, origin, 'FAIL');
          } catch (err) {
            if (!(err instanceof WorkflowExecutionAlreadyStartedError) || attempt >= MAX_NUMBER_SKIPS) throw err;
          }
        }
      };
      if (!idempotencyKey) return openFresh(await nextCaseNumber(db, definition.key), randomUUID(), () => nextCaseNumber(db, definition.key));

      const idOf = (n: number) => caseId(definition.key, n);
      const requestKey = { actorId: actor.id, key: idempotencyKey, definitionKey: definition.key, requestHash: requestHash(request) };
      const reservation = await reserveCaseNumber(db, requestKey, idOf, { now: clock().toISOString(), expiredBefore: new Date(clock().getTime() - RETENTION_MS).toISOString() }, randomUUID());
      if (!reservation.fresh) {
        // A retry reaches the case its first attempt opened, even if that attempt's answer was lost;
        // a case under that id that the request did not open is never answered.
        const earlier = await openedBy(reservation, () => opened(reservation.number, reservation.origin, 'USE_EXISTING'));
        if (earlier) return earlier;
      }
      const renumber = async () => (await renumberReservation(db, requestKey, idOf, reservation.origin)).number;
      return openFresh(reservation.fresh ? reservation.number : await renumber(), reservation.origin, renumber);
    },

    view,

    /** The case as recorded once it reached the revision a command (or a reopening's start) answered with. */
    recorded: viewAfter,

    /**
     * Sends a command. Temporal applies an update id once and answers it again with its first
     * result, so `updateId` must stand for the whole request (see update-id.ts); without one, the
     * request gets its own, kept while a busy case is sent it again.
     */
    async command<A extends { actor: Actor }>(
      id: string,
      update: UpdateDefinition<CommandAnswer, [A]>,
      args: Omit<A, 'actor'>,
      actor: Actor,
      updateId?: string,
    ): Promise<CaseView> {
      try {
        const options = { args: [{ ...args, actor } as A] as [A], updateId: updateId ?? randomUUID() };
        const answer = await sendWhileBusy(() => handle(id).executeUpdate(update, options), rolloverWaitMs);
        return await viewAfter(id, answer);
      } catch (err) {
        // Temporal answers "not found" to an update on a case whose workflow has ended.
        if (err instanceof WorkflowNotFoundError && (await exists(id))) {
          throw new HttpError(409, 'Invalid Transition', `the case is closed; it takes no '${update.name}'`);
        }
        throw err;
      }
    },
  };
}

export type CaseService = ReturnType<typeof createCaseService>;
