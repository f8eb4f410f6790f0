/**
 * One middleware validates a request's body, query and path against zod schemas; handlers read
 * the parsed values from `res.locals`. Unknown fields are refused by the schemas being strict.
 */
import type { NextFunction, Request, Response } from 'express';
import type { z } from 'zod';
import type { FieldError } from '../common/errors';
import { invalid } from './problem';

interface Schemas {
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
}

export function fieldErrors(error: z.ZodError, prefix?: string): FieldError[] {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : undefined;
    if (keys) return { field: [path, keys[0]].filter(Boolean).join('.'), message: `unknown field${keys.length > 1 ? 's' : ''} ${keys.map((k) => `'${k}'`).join(', ')}` };
    return { field: path || '(body)', message: issue.message };
  });
}

export function validate(schemas: Schemas) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const errors: FieldError[] = [];
    for (const part of ['params', 'query', 'body'] as const) {
      const schema = schemas[part];
      if (!schema) continue;
      const result = schema.safeParse(part === 'body' ? (req.body ?? {}) : req[part]);
      if (result.success) res.locals[part] = result.data;
      else errors.push(...fieldErrors(result.error, part === 'body' ? undefined : part));
    }
    if (errors.length > 0) return next(invalid(errors));
    next();
  };
}
