/**
 * Valid data for any form, made from its fields: what a person might enter, within every field's
 * type, bounds, values and pattern. Lets one test drive a case through any definition.
 */
import type { Field } from '../../common/definition-schema';
import type { FormData } from '../../definitions/forms';

/** Strings tried against a field's pattern; the shipped forms ask for e-mail addresses and references. */
const PATTERN_SAMPLES = ['jo.bloggs@example.org', 'POL-00412345', 'INV-2024-0173'];

function sampleText(field: Field): string {
  const min = field.min ?? 0;
  const max = field.max ?? Infinity;
  if (field.pattern !== undefined) {
    const pattern = new RegExp(field.pattern, 'u');
    const sample = PATTERN_SAMPLES.find((s) => pattern.test(s) && s.length >= min && s.length <= max);
    if (sample === undefined) throw new Error(`no sample matches the pattern of ${field.name} (${field.pattern}); add one to PATTERN_SAMPLES`);
    return sample;
  }
  let text = `Sample ${field.label ?? field.name}`;
  while (text.length < min) text += ', with more detail';
  return text.slice(0, max);
}

export function sampleValue(field: Field): unknown {
  switch (field.type) {
    case 'boolean':
      return true;
    case 'date':
      return '2024-05-31';
    case 'enum':
      return field.values?.[0];
    case 'number':
    case 'integer': {
      const low = field.min ?? 0;
      const middle = (low + (field.max ?? low + 10)) / 2;
      return field.type === 'integer' ? Math.round(middle) : middle;
    }
    default:
      return sampleText(field);
  }
}

/** A value for every field of the form, the optional ones too, so expressions see them all. */
export function sampleForm(fields: ReadonlyArray<Field>): FormData {
  return Object.fromEntries(fields.map((f) => [f.name, sampleValue(f)]));
}
