/** What a person filled in on a form: field names and their values, as the definition's form declares them. */
export type FormData = Record<string, unknown>;
