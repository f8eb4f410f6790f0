/**
 * What publishing a definition and publishing a calendar share: reading the document a request
 * carries (JSON, or YAML parsed here so that its syntax errors say where) and refusing it with every
 * problem at once. `what` names the kind of document in the answers.
 */
import type { Request } from 'express';
import { DefinitionSyntaxError, parseDefinitionText, type DefinitionProblem } from '../definitions/definition-text';
import { HttpError, invalid } from './problem';
import { DEFINITION_TYPES } from './schemas/definitions';

export type DocumentKind = 'definition' | 'calendar';

export const rejectedDocument = (what: DocumentKind, problems: DefinitionProblem[]) =>
  invalid(
    problems.map((p) => ({ field: p.path, message: p.message })),
    `the ${what} has ${problems.length} problem${problems.length === 1 ? '' : 's'}`,
  );

export function documentOf(req: Request, what: DocumentKind): unknown {
  const type = req.is(DEFINITION_TYPES);
  // No body at all is an empty document, which validation describes better than a media type error.
  if (type === null) return undefined;
  if (!type) throw new HttpError(415, 'Unsupported Media Type', `send the ${what} as ${DEFINITION_TYPES.join(' or ')}`);
  if (type === 'application/json') return req.body;
  try {
    return parseDefinitionText(typeof req.body === 'string' ? req.body : '', 'yaml');
  } catch (error) {
    if (error instanceof DefinitionSyntaxError) throw rejectedDocument(what, error.errors);
    throw error;
  }
}
