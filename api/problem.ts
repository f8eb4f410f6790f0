/** Errors as HTTP problem details (RFC 9457): a type, a title, a status, and the fields at fault. */
import type { FieldError } from '../common/errors';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
}

/** An error the API answers with as it is. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail?: string,
    readonly errors?: FieldError[],
    /** For a 503: when to try again, sent as the Retry-After header (5 s when absent). */
    readonly retryAfterSeconds?: number,
  ) {
    super(detail ?? title);
    this.name = 'HttpError';
  }

  get problem(): Problem {
    const type = `/problems/${this.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
    return { type, title: this.title, status: this.status, detail: this.message, ...(this.errors ? { errors: this.errors } : {}) };
  }
}

export const notFound = (what: string) => new HttpError(404, 'Not Found', `${what} does not exist`);
export const invalid = (errors: FieldError[], detail = 'the request has invalid fields') =>
  new HttpError(422, 'Invalid Data', detail, errors);
