/** The daily retention review's side effect: listing the closed cases past their definition's retention. */
import type { Db } from '../store/db';
import { listCasesPastRetention } from '../store/retention';

export function createRetentionActivities({ db }: { db: Db }) {
  return {
    /** Lists for review the cases past retention now; answers how many and which. Safe to repeat: a listed case is listed once. */
    async listCasesForRetentionReview(): Promise<{ listed: number; caseIds: string[] }> {
      const listed = await listCasesPastRetention(db, new Date());
      return { listed: listed.length, caseIds: listed.map((r) => r.caseId) };
    },
  };
}
