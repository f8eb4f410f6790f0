export { caseWorkflow } from './case-workflow';
export { portfolioReportWorkflow } from './portfolio-report';
export { retentionReviewWorkflow } from './retention-review';
export { absenceSweepWorkflow } from './absence-sweep';
