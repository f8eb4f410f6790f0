/** Report routes: one case's report and the portfolio, each as JSON, CSV or a self-contained HTML page. */
import { Router, type Response } from 'express';
import type { z } from 'zod';
import { portfolioReport } from '../../store/portfolio';
import { caseReportCsv, portfolioCsv } from '../../reports/render-csv';
import { caseReportHtml } from '../../reports/render-html-case';
import { portfolioHtml } from '../../reports/render-html-portfolio';
import { getCaseRow } from '../../store/cases';
import type { Db } from '../../store/db';
import { getCaseReport } from '../../store/reports';
import { caseScopeOf } from '../auth/authorize';
import { HttpError, notFound } from '../problem';
import { validate } from '../validate';
import { caseIdParams } from '../schemas/cases';
import { caseReportQuery, portfolioQuery, type ReportFormat } from '../schemas/reports';

// The pages carry text people typed; even escaped, they may load nothing and run nothing.
export const REPORT_PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

function send<R extends object>(res: Response, format: ReportFormat, report: R, name: string, csv: (r: R) => string, html: (r: R) => string): void {
  if (format === 'json') {
    res.json(report);
    return;
  }
  res.set('X-Content-Type-Options', 'nosniff');
  if (format === 'csv') {
    res.set('Content-Type', 'text/csv; charset=utf-8').set('Content-Disposition', `inline; filename="${name}.csv"`).send(csv(report));
    return;
  }
  res.set('Content-Type', 'text/html; charset=utf-8').set('Content-Security-Policy', REPORT_PAGE_POLICY).send(html(report));
}

export function reportRoutes({ db }: { db: Db }): Router {
  const router = Router();

  router.get('/cases/:id/report', validate({ params: caseIdParams, query: caseReportQuery }), async (_req, res) => {
    const id: string = res.locals.params.id;
    const { format } = res.locals.query as z.infer<typeof caseReportQuery>;
    const report = await getCaseReport(db, id);
    if (!report) {
      if (!(await getCaseRow(db, id))) throw notFound('the case');
      throw new HttpError(404, 'Not Found', `case ${id} has no report yet: a report is produced when the case reaches evaluation`);
    }
    send(res, format, report, `${id}-report`, caseReportCsv, caseReportHtml);
  });

  router.get('/reports/portfolio', validate({ query: portfolioQuery }), async (_req, res) => {
    const { format, ...filter } = res.locals.query as z.infer<typeof portfolioQuery>;
    // Everyone but admin adds up only the cases of their own teams, as they list only those.
    const scope = caseScopeOf(res);
    const report = await portfolioReport(db, { ...filter, ...(scope ? { teams: scope.teams } : {}) });
    send(res, format, report, 'portfolio-report', portfolioCsv, portfolioHtml);
  });

  return router;
}
