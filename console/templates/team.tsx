/** The "Team" page: workloads per person, the work waiting in each queue, reassigning cases with a reason, the approvals queue, and the people who left. */
import type { CaseRow } from '../../common/case-types';
import type { QueueStats } from '../../store/work-queue';
import type { Workload } from '../../store/workload';
import type { Viewer } from '../context';
import { casePath } from '../paths';
import { DueMark } from './case-table';
import { FieldError, Notice, PostForm } from './forms';
import { Page } from './layout';
import { dateTime } from './dates';
import { humanize, riskName } from './words';

export interface TeamNotice {
  kind: 'info' | 'error';
  text: string;
  field?: string;
}

export interface TeamProps {
  viewer: Viewer;
  csrfToken: string;
  rows: Array<Workload & { name: string; left: boolean }>;
  selected?: { person: string; name: string; cases: CaseRow[] };
  approvals: CaseRow[];
  /** Open tasks nobody holds, per team and role, with the oldest one's age. */
  queues: QueueStats[];
  assignable: Array<{ value: string; label: string }>;
  names: Map<string, string>;
  now: Date;
  notice?: TeamNotice;
  /** What was typed in a reassignment form (`form` names which), shown again when it was refused, with the error beside its field. */
  typed?: { form: string; reason: string; to: string; cases: string[]; field?: string; error?: string };
}

type Typed = TeamProps['typed'];

/** What a field needs to show its error: the class, the message's id to point at, and whether it is invalid. */
const invalidIf = (typed: Typed, field: string, id: string) => {
  const bad = typed?.field === field && typed.error !== undefined;
  return { bad, cls: `field${bad ? ' field-invalid' : ''}`, errorId: `${id}-error`, attrs: bad ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${id}-error` } : {} };
};

function AssigneeAndReason({ id, assignable, typed }: { id: string; assignable: TeamProps['assignable']; typed?: Typed }) {
  const to = invalidIf(typed, 'to', `to-${id}`);
  const reason = invalidIf(typed, 'reason', `reason-${id}`);
  return (
    <>
      <input type="hidden" name="form" value={id} />
      <div class={to.cls}>
        <label for={`to-${id}`}>Reassign to</label>
        {to.bad && <FieldError id={to.errorId} text={typed?.error} />}
        <select id={`to-${id}`} name="to" {...to.attrs}>
          <option value="">Choose…</option>
          {assignable.map((a) => (
            <option value={a.value} selected={typed?.to === a.value}>
              {a.label}
            </option>
          ))}
        </select>
      </div>
      <div class={reason.cls}>
        <label for={`reason-${id}`}>Reason, recorded on each case and task</label>
        {reason.bad && <FieldError id={reason.errorId} text={typed?.error} />}
        <textarea id={`reason-${id}`} name="reason" rows={2} {...reason.attrs}>
          {typed?.reason ?? ''}
        </textarea>
      </div>
    </>
  );
}

/** How long the oldest task has waited, in the largest whole unit that fits. */
function waited(seconds: number): string {
  const unit = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  if (seconds >= 86_400) return unit(Math.floor(seconds / 86_400), 'day');
  if (seconds >= 3_600) return unit(Math.floor(seconds / 3_600), 'hour');
  return unit(Math.floor(seconds / 60), 'minute');
}

export function TeamPage(props: TeamProps) {
  const { viewer, csrfToken, rows, selected, approvals, queues, assignable, names, now, notice, typed } = props;
  const left = rows.filter((r) => r.left && (r.openCases > 0 || r.openTasks > 0));
  const typedFor = (form: string) => (typed?.form === form ? typed : undefined);
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  return (
    <Page title="Team" viewer={viewer} csrfToken={csrfToken} current="team">
      <Notice text={notice?.text} kind={notice?.kind} />
      <section aria-labelledby="workloads">
        <h2 id="workloads">Workloads</h2>
        {rows.length === 0 ? (
          <p>Nobody has an open case or task.</p>
        ) : (
          <table class="cases">
            <caption>Open work per person</caption>
            <thead>
              <tr>
                <th scope="col">Person</th>
                <th scope="col">Open cases</th>
                <th scope="col">Open tasks</th>
                <th scope="col">Overdue</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr>
                  <td data-label="Person">
                    <a href={`/app/team?person=${encodeURIComponent(r.person)}`}>{r.name}</a>
                    {r.left ? <strong class="tag tag-overdue">Left</strong> : <> (<a href={`/app/people/${encodeURIComponent(r.person)}/routing`}>capabilities and absences<span class="visually-hidden">{` of ${r.name}`}</span></a>)</>}
                  </td>
                  <td data-label="Open cases">{String(r.openCases)}</td>
                  <td data-label="Open tasks">{String(r.openTasks)}</td>
                  <td data-label="Overdue">{`${r.overdueCases} case${r.overdueCases === 1 ? '' : 's'}, ${r.overdueTasks} task${r.overdueTasks === 1 ? '' : 's'}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="queues">
        <h2 id="queues">Queues</h2>
        {queues.length === 0 ? (
          <p>No open task is waiting in your teams' queues.</p>
        ) : (
          <table class="cases">
            <caption>Open tasks nobody holds yet, per team and role</caption>
            <thead>
              <tr>
                <th scope="col">Team</th>
                <th scope="col">For</th>
                <th scope="col">Waiting</th>
                <th scope="col">Oldest waiting since</th>
              </tr>
            </thead>
            <tbody>
              {queues.map((q) => (
                <tr>
                  <td data-label="Team">{q.team}</td>
                  <td data-label="For">{q.role ? humanize(q.role) : 'Anyone'}</td>
                  <td data-label="Waiting">{count(q.depth, 'task')}</td>
                  <td data-label="Oldest waiting since">
                    <time dateTime={q.oldestCreatedAt}>{dateTime(q.oldestCreatedAt, viewer.timeZone)}</time>
                    {` (${waited(q.oldestAgeSeconds)})`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {left.length > 0 && (
        <section aria-labelledby="left">
          <h2 id="left">People who left</h2>
          <p>These people are deactivated or no longer in your teams, and still have open cases or tasks. Reassigning all of them moves their open cases and their open tasks, each with the reason in its trail.</p>
          {left.map((r) => (
            <PostForm action="/app/team/reassign" csrfToken={csrfToken} back="/app/team" label={`Reassign all cases and tasks of ${r.name}`} class="form-section">
              <h3>{`${r.name}: ${count(r.openCases, 'open case')}, ${count(r.openTasks, 'open task')}`}</h3>
              <input type="hidden" name="from" value={r.person} />
              <input type="hidden" name="all" value="true" />
              <AssigneeAndReason id={`all-${r.person}`} assignable={assignable} typed={typedFor(`all-${r.person}`)} />
              <button type="submit" class="button">{`Reassign all ${count(r.openCases, 'case')} and ${count(r.openTasks, 'task')} of ${r.name}`}</button>
            </PostForm>
          ))}
        </section>
      )}

      {selected && (
        <section aria-labelledby="selected">
          <h2 id="selected">{`Open cases of ${selected.name}`}</h2>
          {selected.cases.length === 0 ? (
            <p>No open case is assigned to them.</p>
          ) : (
            <PostForm action="/app/team/reassign" csrfToken={csrfToken} back={`/app/team?person=${encodeURIComponent(selected.person)}`} label={`Reassign cases of ${selected.name}`}>
              <input type="hidden" name="from" value={selected.person} />
              <fieldset class={invalidIf(typedFor('selected'), 'cases', 'field-cases').cls} id="field-cases" {...(invalidIf(typedFor('selected'), 'cases', 'field-cases').bad ? { 'aria-describedby': 'field-cases-error' } : {})}>
                <legend>Cases to reassign, with the open tasks they hold on them</legend>
                {invalidIf(typedFor('selected'), 'cases', 'field-cases').bad && <FieldError id="field-cases-error" text={typed?.error} />}
                <ul class="choices-list">
                  {selected.cases.map((c) => (
                    <li>
                      <label class="choice">
                        <input type="checkbox" name="cases" value={c.id} checked={typedFor('selected')?.cases.includes(c.id)} />
                        {`${c.title} (${c.id}), risk ${riskName(c.riskLevel).toLowerCase()}`}
                      </label>{' '}
                      <DueMark dueAt={c.dueAt} now={now} timeZone={viewer.timeZone} />
                    </li>
                  ))}
                </ul>
              </fieldset>
              <AssigneeAndReason id="selected" assignable={assignable} typed={typedFor('selected')} />
              <button type="submit" class="button">
                Reassign the chosen cases
              </button>
            </PostForm>
          )}
        </section>
      )}

      <section aria-labelledby="approvals">
        <h2 id="approvals">Plans waiting for approval</h2>
        {approvals.length === 0 ? (
          <p>No plan is waiting.</p>
        ) : (
          <ul class="cards approvals">
            {approvals.map((c) => (
              <li class="card">
                <a href={casePath(c.id)}>{c.title}</a>
                <span class="case-id">{`${c.id} · ${c.assignee ? (names.get(c.assignee) ?? c.assignee) : 'Nobody'} · risk ${riskName(c.riskLevel).toLowerCase()}`}</span>
                <div class="actions">
                  <PostForm action={`/app/team/approvals/${encodeURIComponent(c.id)}`} csrfToken={csrfToken} back="/app/team" label={`Approve the plan of ${c.id}`}>
                    <input type="hidden" name="decision" value="approve" />
                    <button type="submit" class="button" aria-label={`Approve the plan of ${c.id}`}>
                      Approve
                    </button>
                  </PostForm>
                  <PostForm action={`/app/team/approvals/${encodeURIComponent(c.id)}`} csrfToken={csrfToken} back="/app/team" label={`Send back the plan of ${c.id}`}>
                    <input type="hidden" name="decision" value="return" />
                    <label for={`reason-${c.id}`}>Why it goes back</label>
                    <textarea id={`reason-${c.id}`} name="reason" rows={2}></textarea>
                    <button type="submit" class="button button-secondary" aria-label={`Send back the plan of ${c.id}`}>
                      Send back
                    </button>
                  </PostForm>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
    </Page>
  );
}
