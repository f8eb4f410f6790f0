/** Sends a page or a part of one: typed templates rendered to HTML on the server. */
import type { Response } from 'express';
import type { VNode } from 'preact';
import { render } from 'preact-render-to-string';

export function sendPage(res: Response, page: VNode, status = 200): void {
  // Pages carry a person's cases and a form token: no shared cache keeps them.
  res.status(status).type('html').set('Cache-Control', 'no-store').send(`<!doctype html>${render(page)}`);
}

/** A part of a page that htmx swaps in. */
export function sendFragment(res: Response, fragment: VNode, status = 200): void {
  res.status(status).type('html').set('Cache-Control', 'no-store').set('Vary', 'HX-Request').send(render(fragment));
}
