/**
 * "My work": one list of what the person has to do (tasks, follow-ups, plans to approve), what falls
 * due first at the top, then the cases assigned to them. The lists refresh themselves while the page
 * is open (see live.ts).
 */
import type { CaseRow } from '../../common/case-types';
import type { TaskClaim } from '../../common/task-ownership';
import type { Viewer } from '../context';
import { casePath } from '../paths';
import { CaseTable, DueMark } from './case-table';
import { GetNextForm } from './get-next';
import { Page } from './layout';
import { LiveRegion } from './live';

export interface WorkItem {
  kind: 'task' | 'follow-up' | 'approval';
  caseId: string;
  caseTitle: string;
  what: string;
  dueAt?: string;
  why: TaskClaim['kind'] | 'ownCase' | 'supervisor';
}

const WHY: Record<WorkItem['why'], string> = {
  assigned: 'Assigned to you',
  roleOnOwnCase: 'Left to your role, on your case',
  roleOnUnassignedCase: 'Left to your role, on an unassigned case of your team',
  ownCase: 'On your case',
  supervisor: 'Waiting for a supervisor',
};

const KIND: Record<WorkItem['kind'], string> = { task: 'Task', 'follow-up': 'Follow-up', approval: 'Approval' };

export interface MyWorkProps {
  viewer: Viewer;
  items: WorkItem[];
  rows: CaseRow[];
  now: Date;
  names: Map<string, string>;
  /** Set when a list shows only its first rows, what falls due first. */
  limit?: number;
}

export function MyWorkLists({ viewer, items, rows, now, names, limit }: MyWorkProps) {
  const tz = viewer.timeZone;
  return (
    <>
      <section aria-labelledby="todo-title">
        <h2 id="todo-title">To do</h2>
        {items.length === 0 ? (
          <p>Nothing waits for you: no task, follow-up or plan.</p>
        ) : (
          <>
            {limit !== undefined && items.length >= limit && <p class="muted">{`The first ${limit}, what falls due first; more wait after them.`}</p>}
            <table class="cases work">
              <caption>Tasks, follow-ups and plans waiting for you, what falls due first at the top</caption>
              <thead>
                <tr>
                  <th scope="col">What</th>
                  <th scope="col">Case</th>
                  <th scope="col">Due</th>
                  <th scope="col">Why yours</th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <tr>
                    <td data-label="What">
                      <span class="tag">{KIND[item.kind]}</span> {item.what}
                    </td>
                    <td data-label="Case">
                      <a href={casePath(item.caseId)}>{item.caseTitle}</a>
                      <span class="case-id">{item.caseId}</span>
                    </td>
                    <td data-label="Due">
                      <DueMark dueAt={item.dueAt} now={now} timeZone={tz} />
                    </td>
                    <td data-label="Why yours">{WHY[item.why]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>
      <section aria-labelledby="assigned-title">
        <h2 id="assigned-title">Cases assigned to you</h2>
        {rows.length === 0 ? (
          <p>
            No open case is assigned to you. Find cases under <a href="/app/cases">Cases</a>, or open one under <a href="/app/cases/new">New case</a>.
          </p>
        ) : (
          <CaseTable rows={rows} caption="Open cases assigned to you, what falls due first at the top" now={now} timeZone={tz} names={names} />
        )}
      </section>
    </>
  );
}

/** The lists in the part that refreshes itself: what a refresh answers with, and what it replaces. */
export function MyWorkLive(props: MyWorkProps) {
  return (
    <LiveRegion id="my-work-lists" src="/app/my-work">
      <MyWorkLists {...props} />
    </LiveRegion>
  );
}

export function MyWorkPage(props: MyWorkProps & { csrfToken: string }) {
  return (
    <Page title="My work" viewer={props.viewer} csrfToken={props.csrfToken} current="my-work">
      {props.viewer.user.roles.some((r) => r !== 'viewer' && r !== 'designer') && <GetNextForm csrfToken={props.csrfToken} />}
      <MyWorkLive {...props} />
    </Page>
  );
}
