/** "Get next": the button My work carries, and the page that shows the task it gave and why. */
import type { NextWork } from '../../api/work-service';
import type { Viewer } from '../context';
import { dateTime } from './dates';
import { PostForm } from './forms';
import { Page } from './layout';
import { TaskRoutingActions } from './task-routing';

export function GetNextForm({ csrfToken }: { csrfToken: string }) {
  return (
    <section aria-labelledby="get-next-title">
      <h2 id="get-next-title">Take the next task</h2>
      <p>The most urgent open task in your teams' queues that you can do and have room for, assigned to you at once.</p>
      <PostForm action="/app/work/next" csrfToken={csrfToken} back="/app/my-work" label="Get next">
        <button type="submit">Get next</button>
      </PostForm>
    </section>
  );
}

export function GetNextPage({ viewer, csrfToken, next, refused }: { viewer: Viewer; csrfToken: string; next?: NextWork; refused?: string }) {
  const item = next?.item;
  return (
    <Page title={item ? 'Your next task' : 'No task for you now'} viewer={viewer} csrfToken={csrfToken} current="my-work">
      {item && next?.why ? (
        <section aria-labelledby="task-title">
          <h2 id="task-title">{item.title}</h2>
          <p>
            On case <a href={`/app/cases/${item.caseId}`}>{item.caseId}</a>, in {item.team}'s queue
            {item.dueAt ? <>, due <time dateTime={item.dueAt}>{dateTime(item.dueAt, viewer.timeZone)}</time></> : null}. It is now assigned to you.
          </p>
          <h3>Why this task</h3>
          <p role="status">{next.why.summary}.</p>
          <TaskRoutingActions caseId={item.caseId} task={{ id: item.taskId, title: item.title, assignee: viewer.user.id }} viewerId={viewer.user.id} supervises={false} csrfToken={csrfToken} back="/app/my-work" />
        </section>
      ) : (
        <p role="status">{refused ?? next?.reason ?? 'No task fits you now.'}</p>
      )}
      <p>
        <a href="/app/my-work">Back to My work</a>
      </p>
    </Page>
  );
}
