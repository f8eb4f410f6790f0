import type { FormInput } from '../../common/messages';
import { contactUpdate, evaluationUpdate, transitionUpdate } from '../../common/messages';
import type { Phase } from '../../common/phases';
import type { CaseFile } from '../case-file';
import { nextCommand, waitUntil } from '../waiting';

/** Transition out of the service; the post-transition contact, where enabled, waits its delay. */
export async function transition(c: CaseFile): Promise<Phase> {
  // A case that continued as new while it waited for the contact recorded its transition in the run before.
  if (c.s.contactDueAt === undefined) {
    const { data, actor } = await nextCommand<FormInput>(c, transitionUpdate);
    c.record('transition_recorded', actor.id, { data });
    if (!c.definition.contact.enabled) return 'evaluation';
    const due = c.dueIn(c.definition.contact.delay);
    c.s.contactDueAt = due.at;
    c.record('contact_scheduled', 'system', { due: c.s.contactDueAt, explain: due.text });
  }
  await waitUntil(c, () => Boolean(c.s.contactDue));
  return 'contact';
}

export async function contact(c: CaseFile): Promise<Phase> {
  const { data, actor } = await nextCommand<FormInput>(c, contactUpdate);
  c.record('contact_recorded', actor.id, { data });
  return 'evaluation';
}

/** Evaluation: the last form; then the case closes as completed. */
export async function evaluation(c: CaseFile): Promise<Phase> {
  const { data, actor } = await nextCommand<FormInput>(c, evaluationUpdate);
  c.record('evaluation_recorded', actor.id, { data });
  c.close('completed', 'evaluation recorded', actor.id);
  return 'closed';
}
