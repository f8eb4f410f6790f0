/**
 * A person's routing: capabilities with their levels, limits on open cases and tasks, and
 * absences. Admins reach everyone's, supervisors those of their teams' people.
 */
import type { Absence } from '../../store/people';
import type { User } from '../../store/users';
import type { Viewer } from '../context';
import { ErrorSummary, FieldError, Notice, PostForm, type SummaryError } from './forms';
import { Page } from './layout';

export interface RoutingForm {
  /** The rows as typed: each a name and a level. */
  capabilities: Array<{ name: string; level: string }>;
  maxOpenCases: string;
  maxOpenTasks: string;
}

export interface AbsenceForm {
  startsOn: string;
  endsOn: string;
  reason: string;
  delegate: string;
}

/** Messages by input id. */
export type FormErrors = Record<string, string>;

const LEVELS = ['1', '2', '3', '4', '5'];
const BLANK_ROWS = 3;

function TextField({ id, name, label, value, errors, type = 'text', hint }: { id: string; name: string; label: string; value: string; errors: FormErrors; type?: string; hint?: string }) {
  const described = [hint ? `${id}-hint` : undefined, errors[id] ? `${id}-error` : undefined].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${errors[id] ? ' field-invalid' : ''}`}>
      <label for={id}>{label}</label>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <FieldError id={`${id}-error`} text={errors[id]} />
      <input id={id} name={name} type={type} value={value} aria-describedby={described} aria-invalid={errors[id] ? 'true' : undefined} autoComplete="off" spellcheck={false} />
    </div>
  );
}

export interface PersonRoutingProps {
  viewer: Viewer;
  csrfToken: string;
  person: User;
  form: RoutingForm;
  absences: Absence[];
  absence: AbsenceForm;
  errors?: FormErrors;
  summary?: SummaryError[];
  notice?: string;
}

export function PersonRoutingPage({ viewer, csrfToken, person, form, absences, absence, errors = {}, summary = [], notice }: PersonRoutingProps) {
  const base = `/app/people/${encodeURIComponent(person.id)}`;
  const rows = [...form.capabilities, ...Array.from({ length: BLANK_ROWS }, () => ({ name: '', level: '1' }))];
  return (
    <Page title={`Routing: ${person.name}`} viewer={viewer} csrfToken={csrfToken} current={viewer.user.roles.includes('admin') ? 'people' : undefined}>
      <ErrorSummary errors={summary} />
      <Notice text={notice} />
      <p>
        {person.name} ({person.teams.join(', ') || 'no team'}) is given work that needs no more than these capabilities, up to these limits, and none while away.
      </p>
      <PostForm action={`${base}/routing`} csrfToken={csrfToken} back={`${base}/routing`} label="Capabilities and limits">
        <fieldset>
          <legend>Capabilities</legend>
          <p class="hint">A name such as fraud-forensics or language:pl, and a level from 1 to 5. Leave a name empty to remove the row.</p>
          {rows.map((row, i) => (
            <div class="capability-row">
              <TextField id={`cap-${i}-name`} name={`cap.${i}.name`} label={`Capability ${i + 1}`} value={row.name} errors={errors} />
              <div class={`field${errors[`cap-${i}-level`] ? ' field-invalid' : ''}`}>
                <label for={`cap-${i}-level`}>{`Level of capability ${i + 1}`}</label>
                <FieldError id={`cap-${i}-level-error`} text={errors[`cap-${i}-level`]} />
                <select id={`cap-${i}-level`} name={`cap.${i}.level`} aria-describedby={errors[`cap-${i}-level`] ? `cap-${i}-level-error` : undefined}>
                  {LEVELS.map((l) => (
                    <option value={l} selected={l === row.level}>
                      {l}
                    </option>
                  ))}
                </select>
              </div>
            </div>
          ))}
        </fieldset>
        <TextField id="max-open-cases" name="maxOpenCases" label="Most open cases" value={form.maxOpenCases} errors={errors} hint="Empty: no limit" />
        <TextField id="max-open-tasks" name="maxOpenTasks" label="Most open tasks" value={form.maxOpenTasks} errors={errors} hint="Empty: no limit" />
        <button type="submit">Save capabilities and limits</button>
      </PostForm>

      <section aria-labelledby="absences-title">
        <h2 id="absences-title">Absences</h2>
        {absences.length === 0 ? (
          <p>No absence is recorded.</p>
        ) : (
          <ul>
            {absences.map((a) => (
              <li>
                {`${a.startsOn} to ${a.endsOn}: ${a.reason}${a.delegate ? ` (work to ${a.delegate})` : ''}`}
                <PostForm action={`${base}/absences/${a.id}/delete`} csrfToken={csrfToken} class="inline-form" label={`Remove the absence from ${a.startsOn}`}>
                  <button type="submit" class="button button-secondary" aria-label={`Remove the absence from ${a.startsOn} to ${a.endsOn}`}>
                    Remove
                  </button>
                </PostForm>
              </li>
            ))}
          </ul>
        )}
        <PostForm action={`${base}/absences`} csrfToken={csrfToken} back={`${base}/routing`} label="Record an absence">
          <TextField id="starts-on" name="startsOn" label="First day away" type="date" value={absence.startsOn} errors={errors} />
          <TextField id="ends-on" name="endsOn" label="Last day away" type="date" value={absence.endsOn} errors={errors} />
          <TextField id="absence-reason" name="reason" label="Reason" value={absence.reason} errors={errors} />
          <TextField id="delegate" name="delegate" label="Delegate (user id)" value={absence.delegate} errors={errors} hint="Who takes their open work while they are away; empty: it goes back to its queue" />
          <button type="submit">Record absence</button>
        </PostForm>
      </section>
    </Page>
  );
}
