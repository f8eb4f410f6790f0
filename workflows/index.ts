export { caseWorkflow } from './case-workflow';
export { portfolioReportWorkflow } from './portfolio-report';
export { interceptors } from './task-guard';
