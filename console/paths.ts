/** The console's own addresses, and the checks that keep a `next` or `back` address inside it. */

export const CONSOLE_ROOT = '/app';
export const HOME = '/app/my-work';

/**
 * A path under /app/ the console may send a person back to, or undefined: never another site
 * (`//host`, `https:`), never a path with a backslash or a control character a browser might
 * read otherwise.
 */
export function backPath(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 2000) return undefined;
  if (!/^\/app(\/|$|\?)/.test(value) || /[\\\u0000-\u001f\u007f]/.test(value)) return undefined;
  return value;
}

export function signInPath(next?: string, draft?: string): string {
  const query = new URLSearchParams();
  if (next && next !== HOME) query.set('next', next);
  if (draft) query.set('draft', draft);
  const text = query.toString();
  return `/app/sign-in${text ? `?${text}` : ''}`;
}

/** Where a person goes after signing in: where they were going, with the draft of the form they had typed. */
export function afterSignIn(next: unknown, draft: unknown): string {
  const target = backPath(next) ?? HOME;
  if (typeof draft !== 'string' || !/^[0-9a-f]{32}$/.test(draft)) return target;
  return `${target}${target.includes('?') ? '&' : '?'}draft=${draft}`;
}

export const casePath = (id: string) => `/app/cases/${encodeURIComponent(id)}`;

/** Where a task's claim, release or assignment is posted. */
export const taskRoutingPath = (caseId: string, taskId: string, what: 'claim' | 'release' | 'assign') => `${casePath(caseId)}/tasks/${taskId}/${what}`;
