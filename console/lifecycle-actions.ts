/**
 * What a case page offers beyond one straight run, one row each: reopening, linking, placing and
 * releasing a legal hold, approving a listed case's destruction. Each row names the API route it
 * shares (its roles in the permission table, its request schema) and the service the route calls;
 * whether it shows is decided by the rule the service itself applies (common/reopen.ts,
 * common/retention-rules.ts) and by the permission table, so the page offers nothing the API would
 * refuse.
 */
import type { z } from 'zod';
import type { Actor } from '../common/case-types';
import type { CaseView } from '../common/case-view';
import type { Definition } from '../common/definition-schema';
import { reopenRefusal } from '../common/reopen';
import { destructionApprovalRefusal, legalHoldRefusal } from '../common/retention-rules';
import { durationMs } from '../common/duration';
import type { CaseLinker } from '../api/case-links';
import type { CasePurger } from '../api/case-purge';
import type { CaseReopener } from '../api/case-reopen';
import type { LegalHolds } from '../api/legal-holds';
import { linkBody, reasonOnlyBody, reopenBody } from '../api/schemas/case-lifecycle';
import { LINK_KINDS, type LinkKind } from '../store/case-links';
import type { RetentionReview } from '../store/retention';
import type { RenderField } from './templates/form-fields';
import { dateTime } from './templates/dates';
import { phaseName } from './templates/words';

/** The services the API's routes call, handed to the console's pages. */
export interface LifecycleServices {
  reopen: CaseReopener;
  link: CaseLinker;
  legalHold: LegalHolds;
  purge: CasePurger;
}

export interface LifecycleContext {
  view: CaseView;
  definition: Definition;
  actor: Actor;
  now: Date;
  /** The time zone the page shows times in. */
  timeZone: string;
  /** The retention review that lists the case, when one does. */
  review?: RetentionReview;
}

export type LifecycleKey = 'reopen' | 'link' | 'placeHold' | 'releaseHold' | 'approveDestruction';

export interface LifecycleAction {
  key: LifecycleKey;
  /** The API route's path; the page posts to `/app` + it. */
  path: string;
  /** The name of the route's parameter that holds the case id. */
  idParam: 'id' | 'caseId';
  title: string;
  button: string;
  fields: readonly RenderField[];
  /** What the form says before its fields: what the action will do. */
  help?: (ctx: LifecycleContext) => string;
  /** The API route's request schema. */
  body: z.ZodType;
  /** Why the service would refuse this person now, or undefined when it would take the action. */
  refusal: (ctx: LifecycleContext) => string | undefined;
  /** Carries it out through the service the API route calls. */
  run: (services: LifecycleServices, caseId: string, body: Record<string, unknown>, actor: Actor) => Promise<unknown>;
  /** Said on the page once done. */
  done: string;
}

export const LINK_KIND_LABELS: Record<LinkKind, string> = {
  related: 'Related to',
  duplicate_of: 'A duplicate of',
  follows_from: 'Follows from',
};

const reasonField = (help?: string): RenderField => ({ name: 'reason', type: 'text', label: 'Reason', required: true, max: 2000, ...(help ? { help } : {}) });
const reasonOf = (body: Record<string, unknown>) => body.reason as string;

export const LIFECYCLE_ACTIONS: readonly LifecycleAction[] = [
  {
    key: 'reopen',
    path: '/cases/:id/reopen',
    idParam: 'id',
    title: 'Reopen the case',
    button: 'Reopen the case',
    help: ({ view, definition, timeZone }) => {
      const rule = definition.reopen!;
      const until = new Date(Date.parse(view.closedAt!) + durationMs(rule.within)).toISOString();
      return `The case resumes at ${phaseName(rule.phase)}, whose deadline starts again; it may be reopened until ${dateTime(until, timeZone)}.`;
    },
    fields: [reasonField('Recorded in the trail and the case report')],
    body: reopenBody,
    refusal: ({ view, definition, actor, now }) => reopenRefusal(view, definition, actor, now)?.message,
    run: (s, id, body, actor) => s.reopen(id, reasonOf(body), actor),
    done: 'the case is reopened',
  },
  {
    key: 'link',
    path: '/cases/:id/links',
    idParam: 'id',
    title: 'Link to another case',
    button: 'Link the cases',
    fields: [
      { name: 'kind', type: 'enum', label: 'This case is', required: true, values: [...LINK_KINDS], options: LINK_KINDS.map((k) => ({ value: k, label: LINK_KIND_LABELS[k] })) },
      { name: 'to', type: 'string', label: 'Other case', required: true, max: 128, help: 'Its id, such as hr-grievance-000042' },
      reasonField('Shown with the link on both cases'),
    ],
    body: linkBody,
    // Any case a person may see takes links, closed ones too, until it is destroyed.
    refusal: ({ view }) => (view.purged ? 'the case was destroyed' : undefined),
    run: (s, id, body, actor) => s.link(id, body as z.infer<typeof linkBody>, actor),
    done: 'the cases are linked',
  },
  {
    key: 'placeHold',
    path: '/cases/:id/legal-hold',
    idParam: 'id',
    title: 'Legal hold',
    button: 'Place a legal hold',
    help: () => 'A case on legal hold is kept past its retention, and not destroyed, until the hold is released.',
    fields: [reasonField()],
    body: reasonOnlyBody,
    refusal: ({ view, definition, actor }) => legalHoldRefusal(view, definition, actor, true)?.message,
    run: (s, id, body, actor) => s.legalHold(id, true, reasonOf(body), actor),
    done: 'the legal hold is placed',
  },
  {
    key: 'releaseHold',
    path: '/cases/:id/legal-hold/release',
    idParam: 'id',
    title: 'Release the legal hold',
    button: 'Release the legal hold',
    fields: [reasonField()],
    body: reasonOnlyBody,
    refusal: ({ view, definition, actor }) => legalHoldRefusal(view, definition, actor, false)?.message,
    run: (s, id, body, actor) => s.legalHold(id, false, reasonOf(body), actor),
    done: 'the legal hold is released',
  },
  {
    key: 'approveDestruction',
    path: '/retention/reviews/:caseId/approve',
    idParam: 'caseId',
    title: 'Approve the destruction',
    button: 'Approve and destroy the case',
    help: () => "Destroys the case's personal data wherever it is held (its data, trail entries' data, notes, documents and its workflow's history); what the reports count stays. This cannot be undone.",
    fields: [reasonField('Kept in the record of destructions')],
    body: reasonOnlyBody,
    refusal: ({ view, definition, actor, review }) => {
      if (!review) return 'the retention review does not list the case';
      if (view.legalHold) return 'the case is on legal hold';
      return destructionApprovalRefusal(view.definition.key, definition, actor)?.message;
    },
    run: (s, id, body, actor) => s.purge.approve(id, reasonOf(body), actor),
    done: 'the case is destroyed',
  },
];

export const lifecycleAction = (key: string) => LIFECYCLE_ACTIONS.find((a) => a.key === key);
