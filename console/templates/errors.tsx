/** Pages for what went wrong: not found (also for a case of another team), refused, a form not accepted. */
import type { Viewer } from '../context';
import { Page } from './layout';

export interface ErrorPageProps {
  status: number;
  viewer?: Viewer;
  csrfToken?: string;
  /** Said only for errors that tell the person what to do; never the internals of a failure. */
  detail?: string;
}

export function ErrorPage({ status, viewer, csrfToken, detail }: ErrorPageProps) {
  const { title, text } = describe(status, detail);
  return (
    <Page title={title} viewer={viewer} csrfToken={csrfToken}>
      <p>{text}</p>
      <p>
        <a href={viewer ? '/app/my-work' : '/app/sign-in'}>{viewer ? 'Go to My work' : 'Go to the sign-in page'}</a>
      </p>
    </Page>
  );
}

function describe(status: number, detail?: string): { title: string; text: string } {
  switch (status) {
    case 404:
      return { title: 'Page not found', text: 'There is no such page or case, or it is not one you may see. Check the address, or find the case under Cases.' };
    case 403:
      return { title: 'Not allowed', text: detail ?? 'Your role does not let you do this. Ask an administrator if you think it should.' };
    case 409:
      return { title: 'The case has moved on', text: detail ?? 'The case changed meanwhile, and what you asked for no longer fits it.' };
    case 503:
      return { title: 'Try again in a moment', text: 'The system could not serve the request just now. Nothing was changed.' };
    default:
      return { title: 'Something went wrong', text: 'The server could not do what you asked. Nothing was changed by this request; try again, and tell an administrator if it happens again.' };
  }
}

export function FormRefusedPage({ viewer, csrfToken }: { viewer?: Viewer; csrfToken?: string }) {
  return (
    <Page title="The form was not accepted" viewer={viewer} csrfToken={csrfToken}>
      <p>
        The form came without the token that shows it was sent from this site in this browser, or with an old one. Nothing was changed. Go back, reload the page, and send the form again.
      </p>
      <p>
        <a href={viewer ? '/app/my-work' : '/app/sign-in'}>{viewer ? 'Go to My work' : 'Go to the sign-in page'}</a>
      </p>
    </Page>
  );
}
