/**
 * Claim, release and assign of one task, as small forms a task row carries: claim while the task
 * waits in its queue, release while the viewer holds it (a supervisor may release anyone's), and
 * assign to whom the viewer may give it.
 */
import { taskRoutingPath } from '../paths';
import type { TaskOffer } from '../task-routing-offers';
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

const Hidden = ({ text }: { text: string }) => <span class="visually-hidden">{` ${text}`}</span>;

export function TaskRoutingActions({ caseId, task, viewerId, supervises, csrfToken, back }: TaskRoutingProps) {
  const action = (what: 'claim' | 'release') => taskRoutingPath(caseId, task.id, what);
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

export interface TaskOfferProps {
  caseId: string;
  task: { id: string; title: string };
  offer: TaskOffer;
  csrfToken: string;
  back: string;
}

/** The forms of what the viewer is offered on the task (task-routing-offers.ts decides what). */
export function TaskOfferForms({ caseId, task, offer, csrfToken, back }: TaskOfferProps) {
  const field = `assignee-${task.id}`;
  return (
    <>
      {offer.claim && (
        <PostForm action={taskRoutingPath(caseId, task.id, 'claim')} csrfToken={csrfToken} back={back} class="inline-form" label={`Claim ${task.title}`}>
          <button type="submit" class="button button-secondary">
            Claim<Hidden text={task.title} />
          </button>
        </PostForm>
      )}
      {offer.release && (
        <PostForm action={taskRoutingPath(caseId, task.id, 'release')} csrfToken={csrfToken} back={back} class="inline-form" label={`Release ${task.title}`}>
          <button type="submit" class="button button-secondary">
            Release to the queue<Hidden text={task.title} />
          </button>
        </PostForm>
      )}
      {offer.assignees.length > 0 && (
        <PostForm action={taskRoutingPath(caseId, task.id, 'assign')} csrfToken={csrfToken} back={back} class="inline-form" label={`Assign ${task.title}`}>
          <label for={field} class="visually-hidden">{`Assign ${task.title} to`}</label>
          <select id={field} name="assignee">
            {offer.assignees.map((p) => (
              <option value={p.value}>{p.label}</option>
            ))}
          </select>
          <button type="submit" class="button button-secondary">
            Assign<Hidden text={task.title} />
          </button>
        </PostForm>
      )}
    </>
  );
}
