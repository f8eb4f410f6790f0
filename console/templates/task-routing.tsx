/**
 * Claim and release of one task, as small forms a task row carries: claim while the task waits in
 * its queue, release while the viewer holds it (a supervisor may release anyone's).
 */
import { PostForm } from './forms';

export interface TaskRoutingProps {
  caseId: string;
  task: { id: string; title: string; assignee?: string };
  viewerId: string;
  supervises: boolean;
  csrfToken: string;
  /** The page the forms come from, which the person returns to. */
  back: string;
}

export function TaskRoutingActions({ caseId, task, viewerId, supervises, csrfToken, back }: TaskRoutingProps) {
  const action = (what: 'claim' | 'release') => `/app/cases/${caseId}/tasks/${task.id}/${what}`;
  if (!task.assignee) {
    return (
      <PostForm action={action('claim')} csrfToken={csrfToken} back={back} label={`Claim ${task.title}`}>
        <button type="submit">Claim</button>
      </PostForm>
    );
  }
  if (task.assignee !== viewerId && !supervises) return null;
  return (
    <PostForm action={action('release')} csrfToken={csrfToken} back={back} label={`Release ${task.title}`}>
      <button type="submit">Release to the queue</button>
    </PostForm>
  );
}
