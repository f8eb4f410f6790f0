/**
 * Which rows a reader's scope covers, in a table whose rows carry their case's `team` and
 * `definition_key` (the visits, and the counts triggers keep of them and of open cases): the rule
 * `whereCases` applies to the cases themselves, for tables read without them.
 */
import type { Knex } from 'knex';

export interface Scope {
  definition?: string;
  team?: string;
  /** Only rows of these teams; none at all when empty. */
  teams?: string[];
}

export function inScope<Q extends Knex.QueryBuilder>(query: Q, scope: Scope): Q {
  if (scope.definition) query.where('definition_key', scope.definition);
  if (scope.team) query.where('team', scope.team);
  if (scope.teams) query.whereIn('team', scope.teams);
  return query;
}
