/**
 * A part of a page that keeps itself current while it is open: htmx asks the server for it again
 * every few seconds and puts the answer in its place. The console's script skips a refresh while
 * the person is in the part (focus inside it, or a form in it typed into), so nothing they are
 * doing is swept away; an answer of 204 (nothing changed) leaves the part as it is.
 */
import type { ComponentChildren } from 'preact';

/** Seconds between refreshes: a change made elsewhere shows within this and the answer's time. */
export const LIVE_SECONDS = 3;

/**
 * The header every refresh carries: a refresh is not the person doing something, so it does not
 * keep their session alive (see auth/session.ts).
 */
export const REFRESH_HEADER = 'X-Casework-Refresh';
export const refreshHeaders = JSON.stringify({ [REFRESH_HEADER]: 'true' });

export function LiveRegion({ id, src, children }: { id: string; src: string; children: ComponentChildren }) {
  return (
    <div id={id} class="live" data-live="" hx-get={src} hx-trigger={`every ${LIVE_SECONDS}s`} hx-swap="outerHTML" hx-headers={refreshHeaders}>
      {children}
    </div>
  );
}
