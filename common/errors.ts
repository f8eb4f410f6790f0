/**
 * Failure types a case can raise. Workflow validators, activities and the API throw
 * ApplicationFailure with one of these as its `type`; the API maps each to an HTTP status.
 */
export const FAILURE_TYPES = {
  /** The command does not fit the case's current phase or status: HTTP 409. */
  InvalidTransition: 'InvalidTransition',
  /** The command's data breaks the definition's form or the command's rules: HTTP 422. */
  InvalidData: 'InvalidData',
  /** The actor's role may not do this: HTTP 403. */
  Forbidden: 'Forbidden',
  /** The case cannot take commands for a moment (it is moving to a new run): HTTP 503. */
  Busy: 'Busy',
  /** The read model holds another case under this case's id; the case stops rather than overwrite it. */
  CaseIdTaken: 'CaseIdTaken',
  /** The definition version a case names is not in the database, or not as it was: the case cannot run. */
  DefinitionUnavailable: 'DefinitionUnavailable',
  /** The calendar version a case counts on is not in the database, or not as it was: the case cannot run. */
  CalendarUnavailable: 'CalendarUnavailable',
  /** A case's report was asked for before the read model held the case: retried until it does. */
  CaseNotRecorded: 'CaseNotRecorded',
} as const;
export type FailureType = keyof typeof FAILURE_TYPES;

/** One problem with one field, named by its path in the request body, e.g. `data.severity`. */
export interface FieldError {
  field: string;
  message: string;
}
