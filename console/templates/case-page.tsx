/** A case as it stands: its header, intake, the trail as a timeline, notes and documents. Read-only. */
import type { CaseView, TrailEntry } from '../../common/case-types';
import type { FormField } from '../../definitions/forms';
import type { TrailVerdict } from '../../store/trail';
import type { Viewer } from '../context';
import { DueMark } from './case-table';
import { dateTime } from './dates';
import { labelOf } from './form-fields';
import { Page } from './layout';
import { humanize, phaseName, riskName, statusName } from './words';

export interface CasePageProps {
  viewer: Viewer;
  csrfToken: string;
  view: CaseView;
  intakeFields: ReadonlyArray<FormField>;
  trail: TrailEntry[];
  verdict: TrailVerdict;
  now: Date;
  names: Map<string, string>;
  /** When the case was opened: it shows at once, before its list row is written. */
  justOpened?: boolean;
}

function shown(field: FormField, value: unknown): string {
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'string') return field.type === 'enum' ? humanize(value) : value;
  return String(value);
}

/** The words of a trail entry that matter to a reader: the reason, decision, outcome, phase or text it carries. */
function entrySummary(entry: TrailEntry): string | undefined {
  // Entries of every type pass here; the words looked for are read from the data as plain fields.
  const d = entry.data as Record<string, unknown>;
  const parts = ['decision', 'outcome', 'level', 'phase', 'to', 'assignee', 'title', 'reason', 'text']
    .filter((k) => typeof d[k] === 'string' || typeof d[k] === 'number')
    .map((k) => `${humanize(k)}: ${k === 'phase' || k === 'to' ? phaseName(d[k] as never) : String(d[k])}`);
  return parts.length ? parts.join('; ') : undefined;
}

export function CasePage({ viewer, csrfToken, view, intakeFields, trail, verdict, now, names, justOpened }: CasePageProps) {
  const tz = viewer.timeZone;
  const person = (id?: string) => (id ? (names.get(id) ?? id) : 'Nobody');
  return (
    <Page title={view.title} viewer={viewer} csrfToken={csrfToken} current="cases">
      {justOpened && (
        <p class="notice notice-info" role="status">
          {`Case ${view.id} is open.`}
        </p>
      )}
      <dl class="case-header" aria-label="Case">
        <div>
          <dt>Case id</dt>
          <dd>{view.id}</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>{statusName(view.status)}</dd>
        </div>
        <div>
          <dt>Phase</dt>
          <dd>{phaseName(view.phase)}</dd>
        </div>
        <div>
          <dt>Assignee</dt>
          <dd>{person(view.assignee)}</dd>
        </div>
        <div>
          <dt>Team</dt>
          <dd>{view.team}</dd>
        </div>
        <div>
          <dt>Risk level</dt>
          <dd>{riskName(view.risk?.level)}</dd>
        </div>
        <div>
          <dt>Opened</dt>
          <dd>
            <time dateTime={view.openedAt}>{dateTime(view.openedAt, tz)}</time>
          </dd>
        </div>
        {view.subject && (
          <div>
            <dt>Subject</dt>
            <dd>{view.subject}</dd>
          </div>
        )}
      </dl>

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

      <section aria-labelledby="deadlines-title">
        <h2 id="deadlines-title">What falls due</h2>
        {view.deadlines.filter((d) => d.endedAt === undefined).length === 0 && view.followUps.filter((f) => !f.recordedAt && !f.cancelled).length === 0 ? (
          <p>Nothing is due on this case.</p>
        ) : (
          <ul>
            {view.deadlines
              .filter((d) => d.endedAt === undefined)
              .map((d) => (
                <li>
                  {`${phaseName(d.phase)} deadline: `}
                  <DueMark dueAt={d.dueAt} now={now} timeZone={tz} />
                </li>
              ))}
            {view.followUps
              .filter((f) => !f.recordedAt && !f.cancelled)
              .map((f) => (
                <li>
                  {`Follow-up ${f.n}: `}
                  <DueMark dueAt={f.dueAt} now={now} timeZone={tz} />
                </li>
              ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">Timeline</h2>
        <p class={verdict.valid ? 'muted' : 'notice notice-error'}>
          {verdict.valid ? `The trail's ${verdict.entries} entries are verified: their chain of hashes holds.` : `The trail does not verify at entry ${verdict.firstInvalid?.seq}: ${verdict.firstInvalid?.problem}.`}
        </p>
        <ol class="timeline" reversed>
          {[...trail].reverse().map((e) => {
            const summary = entrySummary(e);
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
                {d.title ?? d.fileName}
                <span class="muted">{` ${d.fileName}, ${Math.max(1, Math.round(d.size / 1024))} KB, added by ${person(d.by)} on `}</span>
                <time dateTime={d.at}>{dateTime(d.at, tz)}</time>
              </li>
            ))}
          </ul>
        )}
      </section>
    </Page>
  );
}
