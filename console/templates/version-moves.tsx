/**
 * Moving running cases to a newer version, for designers: the dry run's verdict per case, the form
 * that starts a move job for the cases chosen, and the job's progress with a result per case.
 */
import type { VersionMove } from '../../definitions/version-move';
import type { MoveJob, MoveStatus } from '../../store/version-moves';
import type { Viewer } from '../context';
import { dateTime } from './dates';
import { FormFields, inputId, summaryOf, type FieldErrors, type FieldValues, type RenderField } from './form-fields';
import { ErrorSummary, Notice, PostForm } from './forms';
import { Page } from './layout';
import { LiveRegion } from './live';

export const movesPath = (key: string) => `/app/definitions/${encodeURIComponent(key)}/moves`;
export const jobPath = (key: string, jobId: number) => `${movesPath(key)}/${jobId}`;

const versionField = (name: 'from' | 'to', label: string, versions: number[], required: boolean): RenderField => ({
  name,
  type: 'enum',
  label,
  required,
  values: versions.map(String),
  options: versions.map((v) => ({ value: String(v), label: `Version ${v}` })),
  ...(required ? {} : { blank: 'The newest' }),
});

export const REASON_FIELD: RenderField = { name: 'reason', type: 'text', label: 'Reason', required: true, max: 2000, help: 'Recorded in the trail of each case moved' };

export interface MovesPageProps {
  viewer: Viewer;
  csrfToken: string;
  key: string;
  name: string;
  versions: number[];
  /** The dry run's form, as asked. */
  asked: FieldValues;
  askedErrors: FieldErrors;
  dryRun?: { from: number; to: number; items: VersionMove[] };
  /** The move form, as sent, when it came back with errors. */
  move?: { values: FieldValues; chosen: string[]; errors: FieldErrors };
}

function changesIn(item: VersionMove, tz: string): string {
  const parts: string[] = [];
  if (item.changes.deadline) parts.push(`deadline from ${dateTime(item.changes.deadline.from, tz)} to ${dateTime(item.changes.deadline.to, tz)}`);
  if (item.changes.followUp) parts.push(`follow-up ${item.changes.followUp.n} from ${dateTime(item.changes.followUp.from, tz)} to ${dateTime(item.changes.followUp.to, tz)}`);
  return parts.length ? `Due times move: ${parts.join('; ')}` : 'Nothing else changes';
}

export function MovesPage({ viewer, csrfToken, key, name, versions, asked, askedErrors, dryRun, move }: MovesPageProps) {
  const tz = viewer.timeZone;
  const askFields = [versionField('from', 'Cases running by', versions, true), versionField('to', 'Move to', versions, false)];
  const movable = dryRun?.items.filter((i) => i.movable) ?? [];
  const chosen = new Set(move?.chosen ?? movable.map((i) => i.caseId));
  const casesError = move?.errors.cases ?? [];
  return (
    <Page title={`Move running cases of ${name}`} viewer={viewer} csrfToken={csrfToken} current="definitions">
      <p>
        <a href="/app/definitions">All definitions</a>
      </p>
      <form method="get" action={movesPath(key)} novalidate aria-label="Dry run" class="filters">
        <ErrorSummary errors={summaryOf(askFields, askedErrors, 'dry')} />
        <FormFields fields={askFields} idPrefix="dry" values={asked} errors={askedErrors} />
        <div class="actions">
          <button type="submit" class="button">
            Dry run
          </button>
        </div>
      </form>
      {dryRun && (
        <section aria-labelledby="dry-title">
          <h2 id="dry-title">{`Running cases of version ${dryRun.from}, against version ${dryRun.to}`}</h2>
          {dryRun.items.length === 0 ? (
            <p>No case runs by this version.</p>
          ) : (
            <table class="figures">
              <caption>{`${movable.length} of ${dryRun.items.length} can move`}</caption>
              <thead>
                <tr>
                  <th scope="col">Case</th>
                  <th scope="col">Can move</th>
                  <th scope="col">Why not, or what changes</th>
                </tr>
              </thead>
              <tbody>
                {dryRun.items.map((i) => (
                  <tr>
                    <td data-label="Case">{i.caseId}</td>
                    <td data-label="Can move">{i.movable ? 'Yes' : 'No'}</td>
                    <td data-label="Why not, or what changes">{i.movable ? changesIn(i, tz) : i.reasons.join('; ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {movable.length > 0 && (
            <PostForm action={movesPath(key)} csrfToken={csrfToken} back={`${movesPath(key)}?from=${dryRun.from}&to=${dryRun.to}`} label="Move the cases">
              <ErrorSummary errors={summaryOf([{ name: 'cases', type: 'string', label: 'Cases to move' }, REASON_FIELD], move?.errors ?? {}, 'move')} />
              <input type="hidden" name="from" value={String(dryRun.from)} />
              <input type="hidden" name="to" value={String(dryRun.to)} />
              <fieldset class={`field${casesError.length ? ' field-invalid' : ''}`} aria-describedby={casesError.length ? 'field-move-cases-error' : undefined}>
                <legend>
                  Cases to move<span class="required"> (required)</span>
                </legend>
                {casesError.length > 0 && (
                  <p class="field-error" id="field-move-cases-error">
                    <span class="visually-hidden">Error: </span>
                    {casesError.join('; ')}
                  </p>
                )}
                {movable.map((i, n) => (
                  <div class="choice">
                    <input type="checkbox" id={n === 0 ? inputId('cases', 'move') : `${inputId('cases', 'move')}-${n}`} name="cases" value={i.caseId} checked={chosen.has(i.caseId)} />
                    <label for={n === 0 ? inputId('cases', 'move') : `${inputId('cases', 'move')}-${n}`}>{i.caseId}</label>
                  </div>
                ))}
              </fieldset>
              <FormFields fields={[REASON_FIELD]} idPrefix="move" values={move?.values ?? {}} errors={move?.errors ?? {}} />
              <button type="submit" class="button">
                Start the move
              </button>
            </PostForm>
          )}
        </section>
      )}
    </Page>
  );
}

const STATUS_WORDS: Record<MoveStatus, string> = { pending: 'Waiting', moved: 'Moved', refused: 'Not moved', failed: 'Failed' };

function detailOf(c: MoveJob['cases'][number], tz: string): string {
  const d = (c.detail ?? {}) as { reasons?: string[]; detail?: string; changes?: VersionMove['changes']; before?: string };
  if (c.status === 'refused') return (d.reasons ?? []).join('; ');
  if (c.status === 'failed') return d.detail ?? '';
  if (c.status === 'moved') return d.before ?? changesIn({ caseId: c.caseId, movable: true, reasons: [], changes: d.changes ?? {} }, tz);
  return '';
}

export interface JobPageProps {
  viewer: Viewer;
  csrfToken: string;
  job: MoveJob;
  /** Offered when cases are left and no process runs the job. */
  resumable: boolean;
  notice?: string;
}

export function JobBody({ viewer, csrfToken, job, resumable }: JobPageProps) {
  const count = (s: MoveStatus) => job.cases.filter((c) => c.status === s).length;
  const pending = count('pending');
  return (
    <>
      <p role="status">{`${count('moved')} moved, ${count('refused')} not moved, ${count('failed')} failed, ${pending} waiting${pending === 0 ? ': the job is done.' : '.'}`}</p>
      <table class="figures">
        <caption>{`Cases of version ${job.fromVersion} moving to version ${job.toVersion}`}</caption>
        <thead>
          <tr>
            <th scope="col">Case</th>
            <th scope="col">Result</th>
            <th scope="col">Why, or what changed</th>
          </tr>
        </thead>
        <tbody>
          {job.cases.map((c) => (
            <tr>
              <td data-label="Case">{c.caseId}</td>
              <td data-label="Result">{STATUS_WORDS[c.status]}</td>
              <td data-label="Why, or what changed">{detailOf(c, viewer.timeZone)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {resumable && (
        <PostForm action={`${jobPath(job.definitionKey, job.id)}/resume`} csrfToken={csrfToken} label="Resume the job">
          <p>No process is moving these cases now (the one that ran the job stopped); an API process takes it up by itself once that one's claim runs out, or now:</p>
          <button type="submit" class="button">
            Resume the job
          </button>
        </PostForm>
      )}
    </>
  );
}

export function JobLive(props: JobPageProps) {
  const pending = props.job.cases.some((c) => c.status === 'pending');
  if (!pending) return <div id="job-live">{<JobBody {...props} />}</div>;
  return (
    <LiveRegion id="job-live" src={jobPath(props.job.definitionKey, props.job.id)}>
      <JobBody {...props} />
    </LiveRegion>
  );
}

export function JobPage(props: JobPageProps) {
  const { viewer, csrfToken, job, notice } = props;
  return (
    <Page title={`Move job ${job.id} of ${job.definitionKey}`} viewer={viewer} csrfToken={csrfToken} current="definitions">
      <p>
        <a href={movesPath(job.definitionKey)}>Another dry run</a>
      </p>
      <Notice text={notice} />
      <p>{`Started by ${job.actor.id} on ${dateTime(job.createdAt, viewer.timeZone)}: ${job.reason}`}</p>
      <JobLive {...props} />
    </Page>
  );
}
