/** The console's pure parts: the form renderer, where it may send a person back to, slowing guesses, days in time zones. */
import { expect } from 'chai';
import { render } from 'preact-render-to-string';
import { afterSignIn, backPath } from '../../console/paths';
import { endOfDay, today } from '../../console/templates/dates';
import { FormFields, summaryOf, type RenderField } from '../../console/templates/form-fields';

describe('console: the form renderer', () => {
  const fields: RenderField[] = [
    { name: 'client_name', type: 'string', label: 'Client name', required: true, min: 2, max: 80, help: 'As on their ID' },
    { name: 'story', type: 'text', required: false },
    { name: 'severity', type: 'integer', required: true, min: 0, max: 5 },
    { name: 'income', type: 'number', required: false, min: 0 },
    { name: 'eligible', type: 'boolean', required: true },
    { name: 'channel', type: 'enum', required: false, values: ['phone', 'web_form'] },
    { name: 'born', type: 'date', required: false },
  ];
  const html = (values = {}, errors = {}) => render(FormFields({ fields, prefix: 'intake', values, errors }));

  it('gives each field a label tied to its control, a required mark, its help and bounds as a hint', () => {
    const out = html();
    expect(out).to.include('<label for="field-intake-client_name">Client name<span class="required"> (required)</span></label>');
    expect(out).to.include('<p class="hint" id="field-intake-client_name-hint">As on their ID. From 2 to 80 characters</p>');
    expect(out).to.match(/<input id="field-intake-client_name" name="intake.client_name" aria-describedby="field-intake-client_name-hint" required type="text"/);
    expect(out).to.include('<label for="field-intake-story">Story</label>');
    expect(out).to.match(/<textarea id="field-intake-story" name="intake.story" rows="5"><\/textarea>/);
  });

  it('renders each type with its control: numbers with bounds, Yes and No, a select, a date', () => {
    const out = html({ severity: '3', eligible: 'false', channel: 'web_form', born: '1990-04-01T10:00:00Z' });
    expect(out).to.match(/<input id="field-intake-severity" [^>]*type="number" inputmode="numeric" step="1" min="0" max="5" value="3"/);
    expect(out).to.match(/<input id="field-intake-income" [^>]*type="number" inputmode="decimal" step="any" min="0" value\/>/);
    expect(out).to.include('A whole number from 0 to 5');
    expect(out).to.match(/<fieldset class="field"><legend>Eligible<span class="required"> \(required\)<\/span><\/legend>/);
    expect(out).to.match(/<input type="radio" id="field-intake-eligible-false" name="intake.eligible" value="false" checked\/>No/);
    expect(out).to.match(/<option value="web_form" selected>Web form<\/option>/);
    expect(out).to.include('<option value>Choose…</option>');
    expect(out).to.match(/<input id="field-intake-born" name="intake.born" type="date" value="1990-04-01"\/>/);
  });

  it('shows each error beside its field, marks the field invalid, and keeps what was typed, escaped', () => {
    const out = html({ client_name: '<b>G</b>' }, { client_name: ['must be at least 2 characters long'], eligible: ['is required'] });
    expect(out).to.include('value="&lt;b>G&lt;/b>"');
    expect(out).not.to.include('<b>G</b>');
    expect(out).to.include('<p class="field-error" id="field-intake-client_name-error"><span class="visually-hidden">Error: </span>must be at least 2 characters long</p>');
    expect(out).to.match(/aria-describedby="field-intake-client_name-hint field-intake-client_name-error" aria-invalid="true"/);
    expect(out).to.match(/<fieldset class="field field-invalid" aria-describedby="field-intake-eligible-error">/);
    expect(summaryOf(fields, { client_name: ['is wrong'], eligible: ['is required'], other: ['is not a field of this form'] }, 'intake')).to.deep.equal([
      { target: 'main', label: 'Other', message: 'is not a field of this form' },
      { target: 'field-intake-client_name', label: 'Client name', message: 'is wrong' },
      { target: 'field-intake-eligible-true', label: 'Eligible', message: 'is required' },
    ]);
  });
});

describe('console: where a person may be sent back to', () => {
  it('takes paths under /app/ only', () => {
    for (const ok of ['/app/', '/app', '/app/cases?phase=assessment', '/app/cases/new?definition=hr-grievance']) expect(backPath(ok), ok).to.equal(ok);
    for (const bad of ['//evil.example.org/app/', 'https://evil.example.org/app/', '/api/cases', '/application', '/app\\..\\x', '/app/\u0000', 'app/cases', 42, undefined]) expect(backPath(bad), String(bad)).to.equal(undefined);
  });

  it('goes where the person was going after signing in, with their draft, or to My work', () => {
    expect(afterSignIn('/app/cases?phase=closed', undefined)).to.equal('/app/cases?phase=closed');
    expect(afterSignIn('https://evil.example.org/', undefined)).to.equal('/app/my-work');
    expect(afterSignIn('/app/cases/new?definition=x', '0123456789abcdef0123456789abcdef')).to.equal('/app/cases/new?definition=x&draft=0123456789abcdef0123456789abcdef');
    expect(afterSignIn('/app/cases/new', 'not-a-draft')).to.equal('/app/cases/new');
  });
});

describe('console: days in a time zone', () => {
  it('ends a day at the next midnight there, across changes of offset', () => {
    expect(endOfDay('2024-03-31', 'Europe/Berlin')).to.equal('2024-03-31T22:00:00.000Z');
    expect(endOfDay('2024-03-30', 'Europe/Berlin')).to.equal('2024-03-30T23:00:00.000Z');
    expect(endOfDay('2024-11-03', 'America/New_York')).to.equal('2024-11-04T05:00:00.000Z');
    expect(endOfDay('2024-06-01', 'UTC')).to.equal('2024-06-02T00:00:00.000Z');
    expect(today(new Date('2024-06-01T23:30:00Z'), 'Asia/Tokyo')).to.equal('2024-06-02');
  });
});
