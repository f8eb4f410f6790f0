/**
 * A case's life beyond one straight run, as its page shows it: the forms to reopen it, link it,
 * place or release a legal hold and approve its destruction (those console/lifecycle-actions.ts
 * offers this person now); its links to other cases; a child case beside the task that opened it;
 * its legal hold, retention and export.
 */
import type { CaseLink } from '../../store/case-links';
import type { RetentionReview } from '../../store/retention';
import type { CaseView } from '../../common/case-view';
import type { CaseStatus, Phase } from '../../common/phases';
import { LINK_KIND_LABELS, type LifecycleAction } from '../lifecycle-actions';
import { casePath } from '../paths';
import { dateTime } from './dates';
import { FormFields, summaryOf, type FieldErrors, type FieldValues } from './form-fields';
import { ErrorSummary, PostForm } from './forms';
import { phaseName, statusName } from './words';

export interface LifecycleForm {
  action: LifecycleAction;
  /** Where the form posts: the API route's path under /app. */
  path: string;
  help?: string;
  values: FieldValues;
  errors: FieldErrors;
}

export interface ChildCase {
  caseId: string;
  title?: string;
  phase?: Phase;
  status?: CaseStatus;
}

export interface CaseLifecycleProps {
  forms: LifecycleForm[];
  /** Links to cases the reader may see, with each other case's title. */
  links: Array<CaseLink & { title?: string }>;
  /** The child cases the reader may see, by the id of the task that opened each. */
  children: ReadonlyMap<string, ChildCase>;
  legalHold?: CaseView['legalHold'];
  purged?: CaseView['purged'];
  /** For those who approve destructions, on a closed case whose definition keeps cases for a time. */
  retention?: { keep: string; keptUntil: string; review?: RetentionReview };
  exportHref?: string;
}

function LifecycleSection({ form, caseId, csrfToken }: { form: LifecycleForm; caseId: string; csrfToken: string }) {
  const { action, values, errors } = form;
  const key = action.key;
  return (
    <section aria-labelledby={`action-${key}-title`} class="action">
      <h3 id={`action-${key}-title`}>{action.title}</h3>
      <PostForm action={form.path} csrfToken={csrfToken} back={`${casePath(caseId)}?form=${key}`} label={action.title}>
        <ErrorSummary errors={summaryOf(action.fields, errors, key)} />
        {form.help && <p class="muted">{form.help}</p>}
        <FormFields fields={action.fields} idPrefix={key} values={values} errors={errors} />
        <button type="submit" class="button">{action.button}</button>
      </PostForm>
    </section>
  );
}

/** The forms, in the page's list of what the person can do now. */
export function LifecycleForms({ forms, caseId, csrfToken }: { forms: LifecycleForm[]; caseId: string; csrfToken: string }) {
  if (forms.length === 0) return null;
  return (
    <div class="action-grid">
      {forms.map((form) => (
        <LifecycleSection form={form} caseId={caseId} csrfToken={csrfToken} />
      ))}
    </div>
  );
}

/** How a link reads from this case: "This case is a duplicate of …", "… follows from this case". */
function linkWords(link: CaseLink): { before: string; after: string } {
  if (link.kind === 'related') return { before: 'Related to ', after: '' };
  if (link.direction === 'outgoing') return { before: `This case ${link.kind === 'duplicate_of' ? 'is a duplicate of' : 'follows from'} `, after: '' };
  return { before: '', after: link.kind === 'duplicate_of' ? ' is a duplicate of this case' : ' follows from this case' };
}

function CaseRef({ id, title }: { id: string; title?: string }) {
  return <a href={casePath(id)}>{title ? `${id}: ${title}` : id}</a>;
}

/** The child case a task opened, in the task's row: a link to it and where it stands. */
export function ChildCaseMark({ child }: { child?: ChildCase }) {
  if (!child) return null;
  const state = child.status ? ` (${statusName(child.status)}${child.status !== 'closed' && child.phase ? `, ${phaseName(child.phase)}` : ''})` : '';
  return (
    <span class="child-case">
      {'Child case '}
      <CaseRef id={child.caseId} title={child.title} />
      {state}
    </span>
  );
}

export function LifecycleSections({ lifecycle, tz, person }: { lifecycle: CaseLifecycleProps; tz: string; person: (id?: string) => string }) {
  const { links, legalHold, retention, exportHref, purged } = lifecycle;
  return (
    <>
      <section aria-labelledby="links-title">
        <h2 id="links-title">Linked cases</h2>
        {links.length === 0 ? (
          <p>No linked cases.</p>
        ) : (
          <ul class="case-links-list">
            {links.map((l) => {
              const words = linkWords(l);
              return (
                <li>
                  {words.before}
                  <CaseRef id={l.caseId} title={l.title} />
                  {words.after}
                  <span class="muted">{` (${LINK_KIND_LABELS[l.kind].toLowerCase()}): ${l.reason}. Linked by ${person(l.by)} on `}</span>
                  <time dateTime={l.at}>{dateTime(l.at, tz)}</time>
                </li>
              );
            })}
          </ul>
        )}
      </section>

      <section aria-labelledby="records-title">
        <h2 id="records-title">Keeping the record</h2>
        {purged ? (
          <p>{`The case was destroyed on ${dateTime(purged.at, tz)}, approved by ${person(purged.approvedBy)}; what the reports count is kept.`}</p>
        ) : legalHold ? (
          <p>
            {'On legal hold since '}
            <time dateTime={legalHold.since}>{dateTime(legalHold.since, tz)}</time>
            {`, placed by ${person(legalHold.by)}: ${legalHold.reason}. The case is not destroyed while the hold lasts.`}
          </p>
        ) : (
          <p>No legal hold.</p>
        )}
        {retention && (
          <p>
            {`Kept for ${retention.keep} after its closing, until `}
            <time dateTime={retention.keptUntil}>{dateTime(retention.keptUntil, tz)}</time>
            {'. '}
            {retention.review ? (
              <strong>{`Due for review: the daily retention review listed it on ${dateTime(retention.review.listedAt, tz)}, for destruction.`}</strong>
            ) : (
              'The daily retention review has not listed it.'
            )}
          </p>
        )}
        {exportHref && (
          <p>
            <a href={exportHref} download>
              Export the case (ZIP)
            </a>
            <span class="muted"> its data, notes, trail with its hashes, and documents, with a SHA-256 manifest</span>
          </p>
        )}
      </section>
    </>
  );
}
