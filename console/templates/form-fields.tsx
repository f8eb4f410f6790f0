/**
 * The one renderer of a definition's form fields, used by every form of the console: a label (and
 * a "(required)" mark), the help text and the field's bounds as a hint, the right control for the
 * type (a select for an enum, Yes/No for a boolean, a date input, a number input with its bounds),
 * and the server's error beside the field, with what was typed kept.
 */
import type { FormError, FormField } from '../../definitions/forms';
import type { SummaryError } from './forms';
import { humanize } from './words';

/** A field as the renderer takes it: a definition's field, whose enum may name its choices for people. */
export type RenderField = FormField & { options?: ReadonlyArray<{ value: string; label: string }>; /** The empty choice of a select: 'Choose…' unless named. */ blank?: string };

/** What the form shows in each field: what was typed, as text. */
export type FieldValues = Record<string, string | undefined>;
/** Messages per field name. */
export type FieldErrors = Record<string, string[] | undefined>;

export interface FieldsProps {
  fields: ReadonlyArray<RenderField>;
  /** Set when the fields are a part of a bigger form: names become `prefix.name`. */
  prefix?: string;
  /** Set when a page has several forms whose fields share names: ids become `field-idPrefix-name`, names stay. */
  idPrefix?: string;
  values?: FieldValues;
  errors?: FieldErrors;
}

export const inputName = (name: string, prefix?: string) => (prefix ? `${prefix}.${name}` : name);
export const inputId = (name: string, prefix?: string) => `field-${prefix ? `${prefix}-` : ''}${name}`;
export const labelOf = (field: Pick<FormField, 'name' | 'label'>) => field.label ?? humanize(field.name);

/** The field's bounds in words, e.g. "From 0 to 5" or "At least 2 characters". */
function boundsHint(field: FormField): string | undefined {
  const { min, max } = field;
  if (min === undefined && max === undefined) return undefined;
  if (field.type === 'number' || field.type === 'integer') {
    const whole = field.type === 'integer' ? 'A whole number ' : 'A number ';
    if (min !== undefined && max !== undefined) return `${whole}from ${min} to ${max}`;
    return min !== undefined ? `${whole}of at least ${min}` : `${whole}of at most ${max}`;
  }
  if (field.type === 'string' || field.type === 'text') {
    if (min !== undefined && max !== undefined) return `From ${min} to ${max} characters`;
    return min !== undefined ? `At least ${min} characters` : `At most ${max} characters`;
  }
  return undefined;
}

function Control({ field, id, name, value, described, invalid }: { field: RenderField; id: string; name: string; value: string; described?: string; invalid: boolean }) {
  const common = { id, name, 'aria-describedby': described, 'aria-invalid': invalid ? ('true' as const) : undefined, required: field.required || undefined };
  switch (field.type) {
    case 'text':
      return <textarea {...common} rows={5}>{value}</textarea>;
    case 'enum':
      return (
        <select {...common}>
          <option value="">{field.blank ?? 'Choose…'}</option>
          {(field.options ?? (field.values ?? []).map((v) => ({ value: v, label: humanize(v) }))).map((o) => (
            <option value={o.value} selected={o.value === value}>
              {o.label}
            </option>
          ))}
        </select>
      );
    case 'date':
      // A date input takes a day; a full timestamp typed through the API is shown as its day.
      return <input {...common} type="date" value={value.slice(0, 10)} />;
    case 'number':
    case 'integer':
      return <input {...common} type="number" inputMode={field.type === 'integer' ? 'numeric' : 'decimal'} step={field.type === 'integer' ? 1 : 'any'} min={field.min} max={field.max} value={value} />;
    default:
      return <input {...common} type="text" value={value} autoComplete="off" spellcheck={false} />;
  }
}

function Errors({ id, messages }: { id: string; messages: string[] }) {
  return (
    <>
      {messages.map((m, i) => (
        <p class="field-error" id={i === 0 ? id : `${id}-${i}`}>
          <span class="visually-hidden">Error: </span>
          {m}
        </p>
      ))}
    </>
  );
}

function FieldRow({ field, prefix, idPrefix, value, messages }: { field: RenderField; prefix?: string; idPrefix?: string; value: string; messages: string[] }) {
  const id = inputId(field.name, idPrefix ?? prefix);
  const name = inputName(field.name, prefix);
  const hint = [field.help, boundsHint(field)].filter(Boolean).join('. ');
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = messages.length ? `${id}-error` : undefined;
  const described = [hintId, errorId, ...messages.slice(1).map((_, i) => `${errorId}-${i + 1}`)].filter(Boolean).join(' ') || undefined;
  const invalid = messages.length > 0;
  const label = (
    <>
      {labelOf(field)}
      {field.required && <span class="required"> (required)</span>}
    </>
  );

  if (field.type === 'boolean') {
    return (
      <fieldset class={`field${invalid ? ' field-invalid' : ''}`} aria-describedby={described}>
        <legend>{label}</legend>
        {hint && <p class="hint" id={hintId}>{hint}</p>}
        {errorId && <Errors id={errorId} messages={messages} />}
        <div class="choices">
          {[['true', 'Yes'], ['false', 'No']].map(([v, text]) => (
            <label class="choice">
              <input type="radio" id={`${id}-${v}`} name={name} value={v} checked={value === v} aria-invalid={invalid ? ('true' as const) : undefined} />
              {text}
            </label>
          ))}
        </div>
      </fieldset>
    );
  }
  return (
    <div class={`field${invalid ? ' field-invalid' : ''}`}>
      <label for={id}>{label}</label>
      {hint && <p class="hint" id={hintId}>{hint}</p>}
      {errorId && <Errors id={errorId} messages={messages} />}
      <Control field={field} id={id} name={name} value={value} described={described} invalid={invalid} />
    </div>
  );
}

export function FormFields({ fields, prefix, idPrefix, values = {}, errors = {} }: FieldsProps) {
  return (
    <>
      {fields.map((field) => (
        <FieldRow field={field} prefix={prefix} idPrefix={idPrefix} value={values[field.name] ?? ''} messages={errors[field.name] ?? []} />
      ))}
    </>
  );
}

/** The summary's entries for a form's errors, in the fields' order; errors about no field go first. */
export function summaryOf(fields: ReadonlyArray<FormField>, errors: FieldErrors, prefix?: string): SummaryError[] {
  const known = new Set(fields.map((f) => f.name));
  const other = Object.entries(errors)
    .filter(([name]) => !known.has(name))
    .flatMap(([name, messages]) => (messages ?? []).map((message) => ({ target: 'main', label: humanize(name), message })));
  const target = (f: FormField) => (f.type === 'boolean' ? `${inputId(f.name, prefix)}-true` : inputId(f.name, prefix));
  return [...other, ...fields.flatMap((f) => (errors[f.name] ?? []).map((message) => ({ target: target(f), label: labelOf(f), message })))];
}

/** Form errors as the renderer takes them: messages per field name. */
export function errorsByField(errors: ReadonlyArray<FormError>): FieldErrors {
  const out: FieldErrors = {};
  for (const e of errors) (out[e.field] ??= []).push(e.message);
  return out;
}

/** The values a form posted, for the fields given, as text to show again. */
export function postedValues(fields: ReadonlyArray<Pick<FormField, 'name'>>, body: Record<string, unknown>, prefix?: string): FieldValues {
  const out: FieldValues = {};
  for (const f of fields) {
    const v = body[inputName(f.name, prefix)];
    if (typeof v === 'string') out[f.name] = v;
  }
  return out;
}
