/** What every state-changing form has: POST, its anti-forgery token, and the page it came from. */
import type { ComponentChildren } from 'preact';

export interface PostFormProps {
  action: string;
  csrfToken: string;
  /** The page that shows the form: where a person returns to, with what they typed, if their session expired meanwhile. */
  back?: string;
  class?: string;
  /** Names the form for assistive technology when a page has several. */
  label?: string;
  children: ComponentChildren;
}

export function PostForm({ action, csrfToken, back, class: className, label, children }: PostFormProps) {
  // The server checks every field and says what is wrong beside it, so the browser's own checks stay off.
  return (
    <form method="post" action={action} novalidate class={className} aria-label={label}>
      <input type="hidden" name="_csrf" value={csrfToken} />
      {back && <input type="hidden" name="_back" value={back} />}
      {children}
    </form>
  );
}

export interface SummaryError {
  /** The id of the input the message is about. */
  target: string;
  label: string;
  message: string;
}

/** The list of problems at the top of a form, each a link to its field. */
export function ErrorSummary({ errors }: { errors: SummaryError[] }) {
  if (errors.length === 0) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1}>
      <h2 id="error-summary-title">There is a problem</h2>
      <ul>
        {errors.map((e) => (
          <li>
            <a href={`#${e.target}`}>{`${e.label}: ${e.message}`}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A message about what just happened, read out when it appears. */
export function Notice({ text, kind = 'info' }: { text?: string; kind?: 'info' | 'error' }) {
  if (!text) return null;
  return (
    <p class={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {text}
    </p>
  );
}

/** A field's error, shown beside it; `id` is what the field's aria-describedby names. Nothing when there is no error. */
export function FieldError({ id, text }: { id: string; text?: string }) {
  if (!text) return null;
  return (
    <p class="field-error" id={id}>
      <span class="visually-hidden">Error: </span>
      {text}
    </p>
  );
}
