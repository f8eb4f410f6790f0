/** `GET /openapi.json` and `GET /docs`: the API described, as a document and as a page. */
import { Router } from 'express';
import { buildDocument } from '../openapi/document';
import { renderDocs } from '../openapi/html';

// The page holds no script and loads nothing; its style is inline.
const PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export function docsRoutes(): Router {
  const router = Router();
  const document = buildDocument();
  const page = renderDocs(document);

  router.get('/openapi.json', (_req, res) => {
    res.json(document);
  });

  router.get('/docs', (_req, res) => {
    res.set('Content-Security-Policy', PAGE_POLICY).type('html').send(page);
  });

  return router;
}
