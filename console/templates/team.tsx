/** The "Team" page: workloads per person, reassigning cases with a reason, the approvals queue, and the people who left. */
import type { CaseRow } from '../../common/case-types';
import type { Workload } from '../../store/workload';
import type { Viewer } from '../context';
import { casePath } from '../paths';
import { DueMark } from './case-table';
import { Notice, PostForm } from './forms';
import { Page } from './layout';
import { riskName } from './words';

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
  assignable: Array<{ value: string; label: string }>;
  names: Map<string, string>;
  now: Date;
  notice?: TeamNotice;
  /** What was typed in the reassignment form, shown again when it was refused. */
  typed?: Record<string, string>;
}

function AssigneeAndReason({ id, assignable, typed }: { id: string; assignable: TeamProps['assignable']; typed?: Record<string, string> }) {
  return (
    <>
      <div class="field">
        <label for={`to-${id}`}>Reassign to</label>
        <select id={`to-${id}`} name="to">
          <option value="">Choose…</option>
          {assignable.map((a) => (
            <option value={a.value} selected={typed?.to === a.value}>
              {a.label}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for={`reason-${id}`}>Reason, recorded on each case</label>
        <textarea id={`reason-${id}`} name="reason" rows={2}>
          {typed?.reason ?? ''}
        </textarea>
      </div>
    </>
  );
}

export function TeamPage(props: TeamProps) {
  const { viewer, csrfToken, rows, selected, approvals, assignable, names, now, notice, typed } = props;
  const left = rows.filter((r) => r.left && r.openCases > 0);
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
                    {r.left && <strong class="tag tag-overdue">Left</strong>}
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

      {left.length > 0 && (
        <section aria-labelledby="left">
          <h2 id="left">People who left</h2>
          <p>These people are deactivated or no longer in your teams, and still have open cases. Their open tasks stay with them until the case's manager changes its plan.</p>
          {left.map((r) => (
            <PostForm action="/app/team/reassign" csrfToken={csrfToken} back="/app/team" label={`Reassign all cases of ${r.name}`} class="form-section">
              <h3>{`${r.name}: ${r.openCases} open case${r.openCases === 1 ? '' : 's'}, ${r.openTasks} open task${r.openTasks === 1 ? '' : 's'}`}</h3>
              <input type="hidden" name="from" value={r.person} />
              <input type="hidden" name="all" value="true" />
              <AssigneeAndReason id={`all-${r.person}`} assignable={assignable} />
              <button type="submit" class="button">{`Reassign all ${r.openCases} cases of ${r.name}`}</button>
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
              <fieldset class="field" id="field-cases">
                <legend>Cases to reassign</legend>
                <ul class="choices-list">
                  {selected.cases.map((c) => (
                    <li>
                      <label class="choice">
                        <input type="checkbox" name="cases" value={c.id} />
                        {`${c.title} (${c.id}), risk ${riskName(c.riskLevel).toLowerCase()}`}
                      </label>{' '}
                      <DueMark dueAt={c.dueAt} now={now} timeZone={viewer.timeZone} />
                    </li>
                  ))}
                </ul>
              </fieldset>
              <AssigneeAndReason id="selected" assignable={assignable} typed={typed} />
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
