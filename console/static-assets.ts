/**
 * The console's script and style, served by the app itself: htmx from the project's own
 * node_modules (pinned in package.json, checked by package-lock's integrity hash on install), the
 * chart library uPlot likewise, and
 * the console's own small files. Nothing comes from a CDN.
 */
import fs from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';

const HTMX = require.resolve('htmx.org/dist/htmx.min.js');
const UPLOT = path.dirname(require.resolve('uplot/dist/uPlot.iife.min.js'));

/** The console's own files: beside this module in the sources, and found there from a compiled build too. */
function ownDir(): string {
  const candidates = [path.join(__dirname, 'static'), path.join(__dirname, '..', '..', 'console', 'static')];
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, 'console.css')));
  if (!found) throw new Error(`the console's static files are not in ${candidates.join(' or ')}`);
  return found;
}

export function staticAssets(): Router {
  const router = Router();
  const options = { maxAge: '1h', fallthrough: false, index: false } as const;
  router.get('/static/htmx.min.js', (_req, res) => res.sendFile(HTMX, { maxAge: '1h' }));
  router.get('/static/uplot.iife.min.js', (_req, res) => res.sendFile(path.join(UPLOT, 'uPlot.iife.min.js'), { maxAge: '1h' }));
  router.get('/static/uplot.min.css', (_req, res) => res.sendFile(path.join(UPLOT, 'uPlot.min.css'), { maxAge: '1h' }));
  router.use('/static', express.static(ownDir(), options));
  return router;
}
