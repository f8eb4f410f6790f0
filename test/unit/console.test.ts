/** The console's pure parts: the form renderer, where it may send a person back to, slowing guesses, days in time zones. */
import { expect } from 'chai';
import { render } from 'preact-render-to-string';
import { afterSignIn, backPath } from '../../console/paths';
import { endOfDay, today } from '../../console/templates/dates';
import { FormFields, summaryOf, type RenderField } from '../../console/templates/form-fields';
import { trailSummary } from '../../console/templates/trail-words';

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

describe('console: the words of a trail entry', () => {
  const names = new Map([['u-casey', 'Casey Manager'], ['u-sam', 'Sam Supervisor']]);
  const person = (id?: string) => (id ? (names.get(id) ?? id) : 'Nobody');
  const when = (iso: string) => `at ${iso.slice(0, 10)}`;
  const say = (type: string, data: unknown) => trailSummary({ type, data } as never, person, when);

  it('names the phase entered and the one left, which the entry nests', () => {
    expect(say('phase_entered', { phase: { name: 'follow_up', previous: 'implementation' } })).to.equal('Phase: Follow-up; From: Implementation');
    expect(say('phase_entered', { phase: { name: 'screening' }, deadline: { dueAt: '2026-12-08T10:00:00Z' } })).to.equal('Phase: Screening; Deadline: at 2026-12-08');
  });

  it('names the task given and when it is due, and the follow-up scheduled and when', () => {
    expect(say('task_assigned', { task: { id: 't1', title: 'Check in', role: 'caseworker', due: '2026-12-08T10:00:00Z', required: true } })).to.equal('Task: Check in; Due: at 2026-12-08');
    expect(say('follow_up_scheduled', { n: 2, cadence: 'P30D', due: '2026-12-31T10:00:00Z' })).to.equal('Follow-up: 2; Due: at 2026-12-31');
    expect(say('follow_up_recorded', { n: 1, outcome: 'on_track', onTime: true })).to.equal('Outcome: On track; Follow-up: 1');
  });

  it('names the people a case or a task went from and to by their names, and the queue when it went back', () => {
    expect(say('case_assigned', { from: 'u-casey', to: 'u-sam', reason: 'Casey is away' })).to.equal('From: Casey Manager; To: Sam Supervisor; Reason: Casey is away');
    expect(say('task_routed', { taskId: 't1', from: 'u-sam', reason: 'Sam left the team' })).to.equal("From: Sam Supervisor; To: the team's queue; Reason: Sam left the team");
  });

  it('names risk levels, versions and closures in words, and says nothing of an entry without any', () => {
    expect(say('risk_overridden', { from: 'low', to: 'high', reason: 'New facts' })).to.equal('From: Low; To: High; Reason: New facts');
    expect(say('risk_changed', { risk: { level: 'moderate', score: 4, reasons: [] } })).to.equal('Risk: Moderate');
    expect(say('version_moved', { from: 1, to: 2, reason: 'Clearer form' })).to.equal('From: version 1; To: version 2; Reason: Clearer form');
    expect(say('case_closed', { closure: { reason: 'withdrawn', note: 'Moved away' } })).to.equal('Closure: Withdrawn; Note: Moved away');
    expect(say('task_cancelled', { taskId: 't1' })).to.equal(undefined);
  });
});
