/** Automatic assignment needs the people directory and the load of each person, so a case asks here. */
import { chooseAssignee, type AssigneeChoice, type AssigneeRequest } from '../store/assignee-choice';
import type { Db } from '../store/db';

export function createRoutingActivities({ db }: { db: Db }) {
  return {
    async chooseAssignee(request: AssigneeRequest): Promise<AssigneeChoice> {
      return chooseAssignee(db, request, new Date());
    },
  };
}
