/**
 * `GET /openapi.json` and `GET /docs`: the API described, as a document and as a page. The page is
 * Swagger UI, served from the project's own dependency (swagger-ui-dist) under /docs/assets: nothing
 * loads from elsewhere, and "Try it out" sends requests with the key given under "Authorize".
 */
import path from 'node:path';
import express, { Router } from 'express';
import { buildDocument } from '../openapi/document';

const SWAGGER_UI = path.dirname(require.resolve('swagger-ui-dist/package.json'));
/** Starts Swagger UI on this API's own document; a key given under "Authorize" goes with each "Try it out". Kept here, not in a file, so that a build to dist/ carries it. */
const INIT_SCRIPT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '../openapi.json',
    dom_id: '#reference',
    deepLinking: true,
    tryItOutEnabled: false,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
});
`;

// Scripts and styles from this server only; Swagger UI sets some styles inline and shows data: icons.
const PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Casework API reference</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
<main id="reference"><noscript>This page needs script to show the API reference; the document itself is at <a href="/openapi.json">/openapi.json</a>.</noscript></main>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/init.js"></script>
</body>
</html>
`;

export function docsRoutes(): Router {
  const router = Router();
  const document = buildDocument();
  const assets = { index: false, fallthrough: false, maxAge: '1h' } as const;

  router.get('/openapi.json', (_req, res) => {
    res.json(document);
  });

  router.get('/docs', (_req, res) => {
    res.set('Content-Security-Policy', PAGE_POLICY).type('html').send(PAGE);
  });
  // Assets are files, not operations of the API: served by middleware, they stay out of its routes.
  router.use('/docs/assets/init.js', (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    res.type('application/javascript').set('Cache-Control', 'public, max-age=3600').send(INIT_SCRIPT);
  });
  router.use('/docs/assets', express.static(SWAGGER_UI, assets));

  return router;
}
