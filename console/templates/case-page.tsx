/**
 * A case as it stands and what the person may do to it: the header, the phase bar, the actions
 * valid now, risk, plan and tasks, deadlines and follow-ups, intake, the trail as a timeline, notes
 * and documents. The whole of it below the notice refreshes itself while the page is open; the
 * print view is the same case without forms.
 */
import type { TrailEntry } from '../../common/case-types';
import type { CaseView } from '../../common/case-view';
import type { FormField } from '../../definitions/forms';
import type { TrailVerdict } from '../../store/trail';
import { pagePath, COMPLETE_TASK_PATH } from '../actions';
import type { Viewer } from '../context';
import { casePath } from '../paths';
import { CaseActions, UploadSection, type ActionForm, type UploadForm } from './case-actions';
import { ChildCaseMark, LifecycleForms, LifecycleSections, type CaseLifecycleProps, type ChildCase } from './case-lifecycle';
import { DueMark } from './case-table';
import { CaseHeader, DueSection, PhaseBar, RiskSection } from './case-state';
import { dateTime } from './dates';
import { labelOf } from './form-fields';
import { Notice, PostForm } from './forms';
import { Page } from './layout';
import { TaskOfferForms } from './task-routing';
import type { TaskOffer } from '../task-routing-offers';
import { LiveRegion } from './live';
import { trailSummary } from './trail-words';
import { humanize } from './words';

export interface CaseBodyProps {
  viewer: Viewer;
  csrfToken: string;
  view: CaseView;
  intakeFields: ReadonlyArray<FormField>;
  trail: TrailEntry[];
  verdict: TrailVerdict;
  now: Date;
  names: Map<string, string>;
  /** The forms of the actions valid now for this person; none in the print view. */
  actions: ActionForm[];
  /** Tasks this person may complete now. */
  completable: ReadonlySet<string>;
  /** What this person may do with who holds each task (claim, release, assign); none in the print view. */
  taskOffers?: ReadonlyMap<string, TaskOffer>;
  /** The upload form, when the person may add a document now. */
  upload?: UploadForm;
  /** The definition's follow-up window, an ISO 8601 duration. */
  followUpWindow?: string;
  /** Set when the person may read the case's report, once it is closed. */
  reportHref?: string;
  print?: boolean;
  /** Reopening, links, child cases, legal hold, retention and export. */
  lifecycle?: CaseLifecycleProps;
}

export interface CasePageProps extends CaseBodyProps {
  /** What just happened, or why a command was refused. */
  notice?: { text: string; kind: 'info' | 'error' };
}

function shown(field: FormField, value: unknown): string {
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'string') return field.type === 'enum' ? humanize(value) : value;
  return String(value);
}

function PlanSection({ view, now, tz, person, completable, taskOffers, csrfToken, childCases }: { view: CaseView; now: Date; tz: string; person: (id?: string) => string; completable: ReadonlySet<string>; taskOffers?: ReadonlyMap<string, TaskOffer>; csrfToken: string; childCases?: ReadonlyMap<string, ChildCase> }) {
  const plan = view.plan;
  return (
    <section aria-labelledby="plan-title">
      <h2 id="plan-title">Plan</h2>
      {!plan ? (
        <p>The case has no plan yet.</p>
      ) : (
        <>
          <p class="muted">
            {`Made on `}
            <time dateTime={plan.madeAt}>{dateTime(plan.madeAt, tz)}</time>
            {plan.approvalRequired ? (plan.approvedBy ? `; approved by ${person(plan.approvedBy)}` : '; waiting for approval') : ''}
          </p>
          <h3>Goals</h3>
          <ul>{plan.goals.map((g) => <li>{g}</li>)}</ul>
        </>
      )}
      {view.tasks.length > 0 && (
        <table class="cases tasks">
          <caption>Tasks</caption>
          <thead>
            <tr>
              <th scope="col">Task</th>
              <th scope="col">For</th>
              <th scope="col">Due</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {view.tasks.map((t) => (
              <tr>
                <td data-label="Task">
                  {`${t.title}${t.required ? '' : ' (optional)'}`}
                  <ChildCaseMark child={childCases?.get(t.id)} />
                </td>
                <td data-label="For">
                  {t.assignee ? person(t.assignee) : t.role ? humanize(t.role) : 'Anyone'}
                  {taskOffers?.has(t.id) && <TaskOfferForms caseId={view.id} task={t} offer={taskOffers.get(t.id)!} csrfToken={csrfToken} back={casePath(view.id)} />}
                </td>
                <td data-label="Due">{t.status === 'open' ? <DueMark dueAt={t.due} now={now} timeZone={tz} /> : t.due ? <time dateTime={t.due}>{dateTime(t.due, tz)}</time> : '—'}</td>
                <td data-label="Status">
                  {t.status === 'done' ? `Done${t.completedBy ? ` by ${person(t.completedBy)}` : ''}` : humanize(t.status)}
                  {completable.has(t.id) && (
                    <PostForm action={pagePath(COMPLETE_TASK_PATH, { id: view.id, taskId: t.id })} csrfToken={csrfToken} back={casePath(view.id)} class="inline-form" label={`Complete ${t.title}`}>
                      <button type="submit" class="button button-secondary">
                        Complete<span class="visually-hidden">{` ${t.title}`}</span>
                      </button>
                    </PostForm>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function CaseBody(props: CaseBodyProps) {
  const { viewer, csrfToken, view, intakeFields, trail, verdict, now, names, actions, completable, taskOffers, upload, followUpWindow, reportHref, print, lifecycle } = props;
  const tz = viewer.timeZone;
  const person = (id?: string) => (id ? (names.get(id) ?? id) : 'Nobody');
  return (
    <>
      <CaseHeader view={view} tz={tz} person={person} />
      {!print && (
        <p class="case-links">
          <a href={`${casePath(view.id)}/print`}>Print view</a>
          {reportHref && <a href={reportHref}>Case report</a>}
        </p>
      )}
      <PhaseBar view={view} />
      {!print && (
        <CaseActions forms={actions} caseId={view.id} csrfToken={csrfToken}>
          {lifecycle && lifecycle.forms.length > 0 ? <LifecycleForms forms={lifecycle.forms} caseId={view.id} csrfToken={csrfToken} /> : undefined}
        </CaseActions>
      )}
      <RiskSection view={view} tz={tz} person={person} />
      <PlanSection view={view} now={now} tz={tz} person={person} completable={print ? new Set() : completable} taskOffers={print ? undefined : taskOffers} csrfToken={csrfToken} childCases={lifecycle?.children} />
      <DueSection view={view} now={now} tz={tz} window={followUpWindow} />
      {lifecycle && <LifecycleSections lifecycle={lifecycle} tz={tz} person={person} />}

      <section aria-labelledby="intake-title">
        <h2 id="intake-title">Intake</h2>
        <dl class="pairs">
          {intakeFields
            .filter((f) => view.intake[f.name] !== undefined)
            .map((f) => (
              <div>
                <dt>{labelOf(f)}</dt>
                <dd>{shown(f, view.intake[f.name])}</dd>
              </div>
            ))}
        </dl>
      </section>

      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">Timeline</h2>
        <p class={verdict.valid ? 'muted' : 'notice notice-error'}>
          {verdict.valid ? `The trail's ${verdict.entries} entries are verified: their chain of hashes holds.` : `The trail does not verify at entry ${verdict.firstInvalid?.seq}: ${verdict.firstInvalid?.problem}.`}
        </p>
        <ol class="timeline" reversed>
          {[...trail].reverse().map((e) => {
            const summary = trailSummary(e, person, (iso) => dateTime(iso, tz));
            return (
              <li>
                <time dateTime={e.at}>{dateTime(e.at, tz)}</time>
                <span class="entry-what">{humanize(e.type)}</span>
                <span class="entry-who">{`by ${person(e.actor)}`}</span>
                {summary && <span class="entry-data">{summary}</span>}
              </li>
            );
          })}
        </ol>
      </section>

      <section aria-labelledby="notes-title">
        <h2 id="notes-title">Notes</h2>
        {view.notes.length === 0 ? (
          <p>No notes yet.</p>
        ) : (
          <>
            {view.noteCount > view.notes.length && <p class="muted">{`The latest ${view.notes.length} of ${view.noteCount} notes.`}</p>}
            <ul class="notes">
              {view.notes.map((n) => (
                <li>
                  <p>{n.text}</p>
                  <p class="muted">
                    {`${person(n.by)}, `}
                    <time dateTime={n.at}>{dateTime(n.at, tz)}</time>
                  </p>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <section aria-labelledby="documents-title">
        <h2 id="documents-title">Documents</h2>
        {view.documents.length === 0 ? (
          <p>No documents yet.</p>
        ) : (
          <ul class="documents">
            {view.documents.map((d) => (
              <li>
                {print ? d.title ?? d.fileName : <a href={`${casePath(view.id)}/documents/${encodeURIComponent(d.id)}`}>{`Download ${d.title ?? d.fileName}`}</a>}
                <span class="muted">{` ${d.fileName}, ${Math.max(1, Math.round(d.size / 1024))} KB, added by ${person(d.by)} on `}</span>
                <time dateTime={d.at}>{dateTime(d.at, tz)}</time>
              </li>
            ))}
          </ul>
        )}
        {!print && upload && <UploadSection form={upload} caseId={view.id} csrfToken={csrfToken} />}
      </section>
    </>
  );
}

/** The part of the page that refreshes itself: it asks for the case again, past the revision it shows. */
export function CaseLive(props: CaseBodyProps) {
  return (
    <LiveRegion id="case-live" src={`${casePath(props.view.id)}?since=${props.view.revision}`}>
      <CaseBody {...props} />
    </LiveRegion>
  );
}

export function CasePage(props: CasePageProps) {
  const { viewer, csrfToken, view, notice, print } = props;
  if (print) {
    return (
      <Page title={view.title} csrfToken={csrfToken}>
        <p class="muted">{`Printed view of case ${view.id}, as of ${dateTime(props.now.toISOString(), viewer.timeZone)} (${viewer.timeZone}).`}</p>
        <CaseBody {...props} />
      </Page>
    );
  }
  return (
    <Page title={view.title} viewer={viewer} csrfToken={csrfToken} current="cases">
      {notice && <Notice text={notice.text} kind={notice.kind} />}
      <CaseLive {...props} />
    </Page>
  );
}
