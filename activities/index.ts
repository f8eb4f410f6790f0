/**
 * Every side effect of a case, as Temporal activities. The worker wires in the real dependencies;
 * workflows see only the types (`import type`), never this code.
 */
import type { Db } from '../store/db';
import { createRecordActivities } from './record';

export interface ActivityDeps {
  db: Db;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createRecordActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
