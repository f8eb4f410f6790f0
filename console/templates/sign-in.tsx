/** The sign-in page, and the page that sets a password from a one-time link. */
import type { Viewer } from '../context';
import { Notice, PostForm } from './forms';
import { Page } from './layout';

export interface SignInProps {
  csrfToken: string;
  email?: string;
  next?: string;
  draft?: string;
  problem?: string;
  notice?: string;
}

export function SignInPage({ csrfToken, email, next, draft, problem, notice }: SignInProps) {
  return (
    <Page title="Sign in">
      <Notice text={notice} />
      <Notice text={problem} kind="error" />
      <PostForm action="/app/sign-in" csrfToken={csrfToken} class="narrow-form">
        {next && <input type="hidden" name="next" value={next} />}
        {draft && <input type="hidden" name="draft" value={draft} />}
        {/* Filled in by console.js with the browser's time zone; dates show in UTC without it. */}
        <input type="hidden" name="tz" value="" data-time-zone />
        <div class="field">
          <label for="email">Email</label>
          <input id="email" name="email" type="email" autoComplete="username" value={email ?? ''} required />
        </div>
        <div class="field">
          <label for="password">Password</label>
          <input id="password" name="password" type="password" autoComplete="current-password" required />
        </div>
        <button type="submit" class="button">
          Sign in
        </button>
      </PostForm>
      <p class="hint">Forgotten your password, or never had one? An administrator can send you a link to set it.</p>
    </Page>
  );
}

export interface SetPasswordProps {
  csrfToken: string;
  viewer?: Viewer;
  action: string;
  name: string;
  email: string;
  purpose: string;
  errors?: { password?: string; confirm?: string };
}

export function SetPasswordPage({ csrfToken, viewer, action, name, email, purpose, errors = {} }: SetPasswordProps) {
  const title = purpose === 'invite' ? 'Welcome to Casework' : 'Set your password';
  return (
    <Page title={title} viewer={viewer} csrfToken={csrfToken}>
      <p>
        {`This sets the password of ${name} (${email}). It must be at least 12 characters long; a few words you will remember make a good one.`}
      </p>
      <PostForm action={action} csrfToken={csrfToken} class="narrow-form">
        <input type="hidden" name="tz" value="" data-time-zone />
        <input type="text" name="username" value={email} autoComplete="username" hidden readOnly />
        <div class={`field${errors.password ? ' field-invalid' : ''}`}>
          <label for="password">New password</label>
          {errors.password && <p class="field-error" id="password-error"><span class="visually-hidden">Error: </span>{errors.password}</p>}
          <input id="password" name="password" type="password" autoComplete="new-password" aria-describedby={errors.password ? 'password-error' : undefined} aria-invalid={errors.password ? 'true' : undefined} required />
        </div>
        <div class={`field${errors.confirm ? ' field-invalid' : ''}`}>
          <label for="confirm">Type the password again</label>
          {errors.confirm && <p class="field-error" id="confirm-error"><span class="visually-hidden">Error: </span>{errors.confirm}</p>}
          <input id="confirm" name="confirm" type="password" autoComplete="new-password" aria-describedby={errors.confirm ? 'confirm-error' : undefined} aria-invalid={errors.confirm ? 'true' : undefined} required />
        </div>
        <button type="submit" class="button">
          Set password
        </button>
      </PostForm>
    </Page>
  );
}

export function LinkGonePage({ viewer, csrfToken }: { viewer?: Viewer; csrfToken?: string }) {
  return (
    <Page title="This link no longer works" viewer={viewer} csrfToken={csrfToken}>
      <p>A link to set a password works once, for 24 hours, and only the newest one sent to a person works. Ask an administrator to send you a new one.</p>
      <p>
        <a href="/app/sign-in">Go to the sign-in page</a>
      </p>
    </Page>
  );
}
