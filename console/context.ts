/** What the console's steps leave for the pages in `res.locals`, beside the API's own (AuthLocals). */
import type { Response } from 'express';
import type { AuthLocals } from '../api/auth/authenticate';
import type { CaseScope } from '../api/auth/authorize';
import type { Session } from '../store/sessions';
import type { User } from '../store/users';

/** The signed-in person, as every page shows them. */
export interface Viewer {
  user: User;
  session: Session;
  /** The IANA time zone dates are shown in: the browser's, or UTC. */
  timeZone: string;
}

export interface PageLocals extends AuthLocals {
  viewer?: Viewer;
  /** A session that was this browser's but has been idle too long. */
  expired?: Session;
  /** The anti-forgery token of a signed-out browser's forms (sign-in, setting a password). */
  formToken?: string;
  caseScope?: CaseScope;
}

export const pageLocals = (res: Response) => res.locals as PageLocals;

/** The viewer of a page that the session step let in only when signed in. */
export function viewerOf(res: Response): Viewer {
  const viewer = pageLocals(res).viewer;
  if (!viewer) throw new Error('a page that needs a signed-in person was reached without one; list it in the permission table');
  return viewer;
}

/** The anti-forgery token a page's forms carry: the session's, or the signed-out browser's. */
export const csrfTokenOf = (res: Response) => pageLocals(res).viewer?.session.csrfToken ?? pageLocals(res).formToken ?? '';
