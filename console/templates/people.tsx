/** "People", for admins: who may sign in, and sending the link that sets a password. */
import type { User } from '../../store/users';
import type { Viewer } from '../context';
import { Notice, PostForm } from './forms';
import { Page } from './layout';

export function PeoplePage({ viewer, csrfToken, people, withPassword, notice, problem }: { viewer: Viewer; csrfToken: string; people: User[]; withPassword: Set<string>; notice?: string; problem?: string }) {
  return (
    <Page title="People" viewer={viewer} csrfToken={csrfToken} current="people">
      <Notice text={notice} />
      <Notice text={problem} kind="error" />
      <p>
        People are added through the API (<code>POST /users</code>). Send each a link to set their password: it works once, for 24 hours. Nobody but the person ever knows the password.
      </p>
      <table class="people">
        <caption>Everyone who has an account</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Roles</th>
            <th scope="col">Teams</th>
            <th scope="col">Can sign in</th>
            <th scope="col">Link</th>
          </tr>
        </thead>
        <tbody>
          {people.map((p) => {
            const has = withPassword.has(p.id);
            return (
              <tr>
                <td data-label="Name">
                  <a href={`/app/people/${encodeURIComponent(p.id)}/routing`}>
                    {p.name}
                  </a>
                </td>
                <td data-label="Email">{p.email}</td>
                <td data-label="Roles">{p.roles.join(', ')}</td>
                <td data-label="Teams">{p.teams.join(', ')}</td>
                <td data-label="Can sign in">{!p.active ? 'No: deactivated' : has ? 'Yes' : 'Not yet: no password'}</td>
                <td data-label="Link">
                  {p.active && (
                    <PostForm action={`/app/people/${encodeURIComponent(p.id)}/password-link`} csrfToken={csrfToken} class="inline-form">
                      <button type="submit" class="button button-secondary" aria-label={`${has ? 'Send a password reset link to' : 'Send an invitation to'} ${p.name}`}>
                        {has ? 'Send password reset link' : 'Send invitation'}
                      </button>
                    </PostForm>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Page>
  );
}
