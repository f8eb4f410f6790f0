import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { DefinitionInput } from '../../common/definition-schema';
import { DefinitionSyntaxError, parseDefinitionText, validateDefinition, validateDefinitionText } from '../../definitions/validate';
import { DEFINITIONS_DIR } from '../../definitions/loader';

const SHIPPED = ['hr-grievance', 'insurance-claim', 'fraud-investigation', 'incident-resolution', 'clinical-intensive'];

/** A valid definition that each case below breaks in one way. */
function base(): DefinitionInput {
  return {
    key: 'housing-support',
    name: 'Housing support',
    model: 'brokerage',
    forms: {
      intake: [
        { name: 'client_email', type: 'string', required: true },
        { name: 'household', type: 'integer', min: 1, max: 20 },
        { name: 'channel', type: 'enum', values: ['phone', 'web'] },
        { name: 'eligible', type: 'boolean', required: true },
      ],
      assessment: [
        { name: 'severity', type: 'number', required: true },
        { name: 'housing', type: 'enum', values: ['stable', 'at_risk', 'homeless'] },
      ],
      evaluation: [{ name: 'outcome', type: 'text' }],
      transition: [{ name: 'destination', type: 'string' }],
    },
    screening: { rules: [{ when: '!eligible', decision: 'reject', reason: 'Not eligible' }] },
    risk: {
      factors: [{ when: 'severity >= 3', points: 'severity * 2', reason: 'Severe' }],
      levels: [
        { level: 'high', when: 'score >= 8' },
        { level: 'moderate', when: 'score >= 4' },
        { level: 'low', when: 'true' },
      ],
    },
    planning: {
      low: { goals: ['Stay housed'], tasks: [{ title: 'Check in', role: 'caseworker', due: 'P14D' }] },
      moderate: { tasks: [{ title: 'Budget plan', role: 'case_manager', due: 'P7D' }] },
      high: { approval: true, tasks: [{ title: 'Emergency housing', role: 'case_manager', due: 'P1D' }] },
    },
    follow_up: { cadence: { low: 'P30D', moderate: 'P14D', high: 'P7D' }, window: 'P3D' },
    transition: { enabled: true },
    deadlines: { assessment: { within: 'P7D', remind_before: 'P2D', escalate_to: 'supervisor' } },
    notifications: [
      {
        on: 'case_opened',
        to: [{ field: 'client_email' }, { role: 'supervisor' }],
        subject: 'Case {{case.id}} opened',
        body: 'Hello, your case {{case.title}} is open. Household of {{intake.household}}.',
      },
    ],
  };
}

type Mutate = (d: any) => void;
const errorsOf = (mutate: Mutate) => {
  const d = base();
  mutate(d);
  const result = validateDefinition(d);
  return result.ok ? [] : result.errors;
};
function expectError(mutate: Mutate, path: string, message: string | RegExp) {
  const errors = errorsOf(mutate);
  const found = errors.find((e) => e.path === path && (typeof message === 'string' ? e.message.includes(message) : message.test(e.message)));
  expect(found, `expected ${path}: ${message} in ${JSON.stringify(errors, null, 1)}`).to.not.equal(undefined);
}

describe('definitions/validate', () => {
  describe('shipped definitions', () => {
    for (const key of SHIPPED) {
      it(`${key}.yaml is valid, named after its key and points at the JSON schema`, () => {
        const text = readFileSync(path.join(DEFINITIONS_DIR, `${key}.yaml`), 'utf8');
        expect(text.split('\n')[0]).to.equal('# yaml-language-server: $schema=./case-definition.schema.json');
        const result = validateDefinitionText(text);
        expect(result.ok ? [] : result.errors).to.deep.equal([]);
        if (!result.ok) return;
        expect(result.definition.key).to.equal(key);
        expect(['low', 'moderate', 'high'].some((l) => result.definition.planning[l as 'high'].approval)).to.equal(true);
        expect(result.definition.notifications.some((n) => n.to.some((r) => 'field' in r))).to.equal(true);
        for (const cadence of Object.values(result.definition.follow_up.cadence)) expect(cadence).to.match(/^P\d+[DW]$/);
      });
    }
    it('uses the models and phases each process calls for', () => {
      const load = (key: string) => YAML.parse(readFileSync(path.join(DEFINITIONS_DIR, `${key}.yaml`), 'utf8'));
      expect(load('hr-grievance')).to.deep.include({ model: 'brokerage', transition: { enabled: false } });
      expect(load('insurance-claim').model).to.equal('brokerage');
      expect(load('fraud-investigation').model).to.equal('intensive');
      expect(['brokerage', 'strengths-based']).to.include(load('incident-resolution').model);
      expect(load('clinical-intensive')).to.deep.include({ model: 'clinical', transition: { enabled: true } });
      expect(load('clinical-intensive').contact.enabled).to.equal(true);
    });
  });

  it('accepts the annotated example of docs/designers.md', () => {
    const doc = readFileSync(path.join(DEFINITIONS_DIR, '..', 'docs', 'designers.md'), 'utf8');
    const example = /```yaml\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
    const result = validateDefinitionText(example);
    expect(result.ok ? [] : result.errors).to.deep.equal([]);
    expect(result.ok && result.definition.key).to.equal('housing-support');
  });

  it('takes the reopen, retention and personal-data keys, and names each wrong one', () => {
    const good = validateDefinition({
      ...base(),
      reopen: { roles: ['supervisor'], within: 'P90D', phase: 'assessment' },
      retention: { keep: 'P6Y', approver: 'supervisor' },
      personal_data: { identifier: 'client_email' },
    });
    expect(good.ok ? [] : good.errors).to.deep.equal([]);
    if (good.ok) {
      expect(good.definition.reopen?.closures).to.deep.equal(['completed']);
      expect(good.definition.retention?.hold_roles).to.deep.equal(['supervisor']);
    }
    const bad = validateDefinition({
      ...base(),
      reopen: { roles: ['supervisor'], within: '90 days', phase: 'contact' },
      retention: { keep: 'six years' },
      personal_data: { identifier: 'client_emial' },
    });
    const paths = bad.ok ? [] : bad.errors.map((e) => e.path);
    expect(paths).to.include.members(['reopen.within', 'retention.keep']);
    const semantic = validateDefinition({ ...base(), reopen: { roles: ['supervisor'], within: 'P9D', phase: 'contact' }, personal_data: { identifier: 'client_emial' } });
    const errors = semantic.ok ? [] : semantic.errors;
    expect(errors.find((e) => e.path === 'personal_data.identifier')?.message).to.match(/not an intake field.*client_email/);
    expect(errors.map((e) => e.path)).to.include('reopen.phase');
  });

  it('accepts the base definition and applies defaults', () => {
    const result = validateDefinition(base());
    expect(result.ok).to.equal(true);
    if (!result.ok) return;
    expect(result.definition.description).to.equal('');
    expect(result.definition.risk.override_role).to.equal('supervisor');
    expect(result.definition.contact).to.deep.equal({ enabled: false, delay: 'P30D' });
    expect(result.definition.forms.contact).to.deep.equal([]);
    expect(result.definition.planning.moderate).to.deep.equal({
      goals: [],
      tasks: [{ title: 'Budget plan', role: 'case_manager', due: 'P7D', required: true }],
      approval: false,
    });
  });

  describe('format rules', () => {
    const cases: Array<[string, Mutate, string, string]> = [
      ['the document is an object', () => undefined, '', ''],
      ['key pattern', (d) => (d.key = 'Housing Support'), 'key', 'use 2 to 40 lower-case letters, digits and -'],
      ['key required', (d) => delete d.key, 'key', 'is required (text)'],
      ['name not empty', (d) => (d.name = ''), 'name', 'must not be empty'],
      ['model value', (d) => (d.model = 'brokerag'), 'model', "must be one of brokerage, intensive, clinical, strengths-based (did you mean 'brokerage'?)"],
      ['team not empty', (d) => (d.team = ''), 'team', 'must not be empty'],
      ['unknown top-level property', (d) => (d.notification = []), 'notification', "unknown property (did you mean 'notifications'?)"],
      ['forms required', (d) => delete d.forms, 'forms', 'is required (a mapping of names to values)'],
      ['form must be a list', (d) => (d.forms.assessment = { severity: 'number' }), 'forms.assessment', 'must be a list, not object'],
      ['unknown form', (d) => (d.forms.closing = []), 'forms.closing', 'unknown property; use intake, assessment, evaluation, transition, contact'],
      ['field name identifier', (d) => (d.forms.intake[1].name = 'Household Size'), 'forms.intake[1].name', 'use lower-case letters, digits and _ and start with a letter'],
      ['field type', (d) => (d.forms.intake[1].type = 'int'), 'forms.intake[1].type', 'must be one of string, text, number, integer, boolean, date, enum'],
      ['field property', (d) => (d.forms.intake[1].maximum = 3), 'forms.intake[1].maximum', "unknown property (did you mean 'max'?)"],
      ['field required boolean', (d) => (d.forms.intake[0].required = 'yes'), 'forms.intake[0].required', 'must be true or false, not string'],
      ['field min number', (d) => (d.forms.intake[1].min = '1'), 'forms.intake[1].min', 'must be a number, not string'],
      ['enum values not empty', (d) => (d.forms.intake[2].values = []), 'forms.intake[2].values', 'needs at least 1 entry'],
      ['enum value not empty', (d) => (d.forms.intake[2].values = ['phone', '']), 'forms.intake[2].values[1]', 'must not be empty'],
      ['screening rule decision', (d) => (d.screening.rules[0].decision = 'deny'), 'screening.rules[0].decision', 'must be one of accept, reject'],
      ['screening rule reason', (d) => (d.screening.rules[0].reason = ''), 'screening.rules[0].reason', 'must not be empty'],
      ['screening rule when', (d) => (d.screening.rules[0].when = ''), 'screening.rules[0].when', 'must not be empty'],
      ['screening property', (d) => (d.screening.rule = []), 'screening.rule', "unknown property (did you mean 'rules'?)"],
      ['risk factor points', (d) => (d.risk.factors[0].points = true), 'risk.factors[0].points', 'must be a number or text'],
      ['risk factor points expression', (d) => (d.risk.factors[0].points = ''), 'risk.factors[0].points', 'must not be empty'],
      ['risk factor reason', (d) => delete d.risk.factors[0].reason, 'risk.factors[0].reason', 'is required (text)'],
      ['risk levels not empty', (d) => (d.risk.levels = []), 'risk.levels', 'needs at least 1 entry'],
      ['risk level value', (d) => (d.risk.levels[1].level = 'medium'), 'risk.levels[1].level', 'must be one of low, moderate, high'],
      ['override role', (d) => (d.risk.override_role = 'manager'), 'risk.override_role', 'must be one of admin, designer, supervisor, case_manager, caseworker, viewer'],
      ['plan per level', (d) => delete d.planning.moderate, 'planning.moderate', 'is required (a mapping of names to values)'],
      ['plan level name', (d) => (d.planning.medium = {}), 'planning.medium', 'unknown property; use low, moderate, high'],
      ['task role', (d) => (d.planning.low.tasks[0].role = 'social_worker'), 'planning.low.tasks[0].role', 'must be one of admin, designer'],
      ['task due duration', (d) => (d.planning.low.tasks[0].due = '14 days'), 'planning.low.tasks[0].due', 'must be an ISO 8601 duration such as P7D'],
      ['plan approval boolean', (d) => (d.planning.high.approval = 'yes'), 'planning.high.approval', 'must be true or false, not string'],
      ['cadence duration', (d) => (d.follow_up.cadence.high = 'weekly'), 'follow_up.cadence.high', 'must be an ISO 8601 duration'],
      ['follow-up window', (d) => delete d.follow_up.window, 'follow_up.window', 'is required (text)'],
      ['follow-up escalation role', (d) => (d.follow_up.escalate_to = 'boss'), 'follow_up.escalate_to', 'must be one of admin'],
      ['transition enabled', (d) => (d.transition = { enabled: 'yes' }), 'transition.enabled', 'must be true or false, not string'],
      ['contact delay', (d) => (d.contact = { enabled: false, delay: '30 days' }), 'contact.delay', 'must be an ISO 8601 duration'],
      ['deadline phase', (d) => (d.deadlines.assesment = { within: 'P1D' }), 'deadlines.assesment', "unknown property (did you mean 'assessment'?)"],
      ['deadline within', (d) => delete d.deadlines.assessment.within, 'deadlines.assessment.within', 'is required (text)'],
      ['deadline escalation', (d) => (d.deadlines.assessment.escalate_to = 'manager'), 'deadlines.assessment.escalate_to', 'must be one of admin'],
      ['notification event', (d) => (d.notifications[0].on = 'opened'), 'notifications[0].on', "must be one of case_opened, phase_entered"],
      ['notification phase', (d) => (d.notifications[0].phase = 'closed'), 'notifications[0].phase', 'must be one of screening, assessment'],
      ['notification recipients', (d) => (d.notifications[0].to = []), 'notifications[0].to', 'needs at least 1 entry'],
      ['recipient role', (d) => (d.notifications[0].to[1] = { role: 'manager' }), 'notifications[0].to[1].role', 'must be one of admin'],
      ['recipient address', (d) => (d.notifications[0].to[1] = { address: 'not-an-address' }), 'notifications[0].to[1].address', 'must be an e-mail address'],
      ['recipient assignee', (d) => (d.notifications[0].to[1] = { assignee: false }), 'notifications[0].to[1].assignee', 'must be true'],
      ['recipient kind', (d) => (d.notifications[0].to[1] = { adress: 'x@example.org' }), 'notifications[0].to[1].adress', "unknown property (did you mean 'address'?)"],
      ['recipient one kind', (d) => (d.notifications[0].to[1] = { role: 'admin', address: 'x@example.org' }), 'notifications[0].to[1]', 'name exactly one of assignee, role, address, field'],
      ['recipient object', (d) => (d.notifications[0].to[1] = 'supervisor'), 'notifications[0].to[1]', 'must be a mapping of names to values with one of assignee, role, address, field'],
      ['notification subject', (d) => (d.notifications[0].subject = ''), 'notifications[0].subject', 'must not be empty'],
    ];
    for (const [rule, mutate, path, message] of cases.slice(1)) {
      it(`${rule}: ${path}`, () => expectError(mutate, path, message));
    }
    it('refuses a document that is not a mapping', () => {
      expect(validateDefinition(null)).to.deep.equal({ ok: false, errors: [{ path: '(document)', message: 'must be a mapping of names to values, not null' }] });
      expect(validateDefinition([])).to.deep.equal({ ok: false, errors: [{ path: '(document)', message: 'must be a mapping of names to values, not array' }] });
    });
  });

  describe('semantic checks', () => {
    const cases: Array<[string, Mutate, string, string]> = [
      ['duplicate field name', (d) => d.forms.assessment.push({ name: 'severity', type: 'integer' }), 'forms.assessment[2].name', "duplicate field name 'severity' (also forms.assessment[0])"],
      ['reserved word', (d) => d.forms.evaluation.push({ name: 'in', type: 'string' }), 'forms.evaluation[1].name', "'in' is a reserved word in expressions"],
      ['score is reserved', (d) => d.forms.assessment.push({ name: 'score', type: 'number' }), 'forms.assessment[2].name', "'score' is reserved for the risk score"],
      ['enum needs values', (d) => delete d.forms.intake[2].values, 'forms.intake[2].values', 'an enum field needs values'],
      ['values only on enums', (d) => (d.forms.intake[0].values = ['a']), 'forms.intake[0].values', 'only enum fields take values'],
      ['duplicate enum value', (d) => (d.forms.intake[2].values = ['phone', 'web', 'phone']), 'forms.intake[2].values[2]', "duplicate value 'phone'"],
      ['min <= max', (d) => Object.assign(d.forms.intake[1], { min: 5, max: 2 }), 'forms.intake[1].max', 'max (2) must not be less than min (5)'],
      ['min on a boolean', (d) => (d.forms.intake[3].min = 1), 'forms.intake[3].min', 'min applies only to number, integer, string and text fields'],
      ['pattern compiles', (d) => (d.forms.intake[0].pattern = '^[a-z+$'), 'forms.intake[0].pattern', 'not a valid regular expression (RE2 syntax): missing closing ]'],
      ['pattern on a number', (d) => (d.forms.intake[1].pattern = '^\\d+$'), 'forms.intake[1].pattern', 'pattern applies only to string and text fields'],
      ['remind before within', (d) => (d.deadlines.assessment.remind_before = 'P7D'), 'deadlines.assessment.remind_before', 'must be shorter than within (P7D)'],
      ['deadline of a disabled phase', (d) => (d.deadlines.contact = { within: 'P7D' }), 'deadlines.contact', 'the contact phase is not enabled'],
      ['recipient field exists', (d) => (d.notifications[0].to[0].field = 'client_mail'), 'notifications[0].to[0].field', "'client_mail' is not an intake field (did you mean 'client_email'?)"],
      ['recipient field is a string', (d) => (d.notifications[0].to[0].field = 'household'), 'notifications[0].to[0].field', "'household' is an integer field; an address field must be a string field"],
      ['phase only on phase and deadline events', (d) => (d.notifications[0].phase = 'assessment'), 'notifications[0].phase', 'phase applies only to phase_entered, deadline_near and deadline_passed'],
      ['deadline event on a phase without deadline', (d) => Object.assign(d.notifications[0], { on: 'deadline_near', phase: 'planning' }), 'notifications[0].phase', 'no deadline is set for the planning phase'],
      ['phase event on a disabled phase', (d) => Object.assign(d.notifications[0], { on: 'phase_entered', phase: 'contact' }), 'notifications[0].phase', 'the contact phase is not enabled'],
      ['levels cover low, moderate and high', (d) => d.risk.levels.splice(1, 1), 'risk.levels', 'no rule gives level moderate; every level low, moderate and high needs a rule'],
      ['contact needs transition', (d) => Object.assign(d, { transition: { enabled: false }, contact: { enabled: true } }), 'contact.enabled', 'post-transition contact needs transition.enabled: true'],
    ];
    for (const [rule, mutate, path, message] of cases) {
      it(`${rule}: ${path}`, () => expectError(mutate, path, message));
    }
  });

  describe('expressions', () => {
    const cases: Array<[string, Mutate, string, string]> = [
      ['syntax error', (d) => (d.screening.rules[0].when = 'eligible &&'), 'screening.rules[0].when', 'syntax error at column 12: unexpected end of expression'],
      ['unknown field with suggestion', (d) => (d.risk.levels[1].when = 'scor >= 4'), 'risk.levels[1].when', "unknown field 'scor' (did you mean 'score'?)"],
      ['screening sees only intake fields', (d) => (d.screening.rules[0].when = 'severity > 2'), 'screening.rules[0].when', "unknown field 'severity'"],
      ['score only in level rules', (d) => (d.risk.factors[0].when = 'score > 2'), 'risk.factors[0].when', "unknown field 'score'"],
      ['type error', (d) => (d.risk.factors[0].when = 'housing > 2'), 'risk.factors[0].when', "type error at column 1: cannot apply 'string > int'"],
      ['condition must be a bool', (d) => (d.risk.levels[0].when = 'score * 2'), 'risk.levels[0].when', 'must give true or false, but gives double'],
      ['points must be a number', (d) => (d.risk.factors[0].points = 'housing'), 'risk.factors[0].points', 'must give a number, but gives string'],
      ['points expression unknown field', (d) => (d.risk.factors[0].points = 'severty * 2'), 'risk.factors[0].points', "unknown field 'severty' (did you mean 'severity'?)"],
      ['enum value that does not exist', (d) => (d.risk.factors[0].when = 'housing == "homless"'), 'risk.factors[0].when', "'homless' is not a value of housing (did you mean 'homeless'?)"],
    ];
    for (const [rule, mutate, path, message] of cases) {
      it(`${rule}: ${path}`, () => expectError(mutate, path, message));
    }
    it('lets risk expressions read intake fields, assessment fields and mixed numbers', () => {
      const errors = errorsOf((d) => {
        d.risk.factors.push({ when: 'household > 4 && channel == "web"', points: 'household / 2 + severity * 0.5', reason: 'Large household' });
        d.risk.levels[0].when = 'score >= 8 || (severity * 2 + 1 > 9 && household == 3)';
      });
      expect(errors).to.deep.equal([]);
    });
  });

  describe('templates', () => {
    const cases: Array<[string, Mutate, string, string]> = [
      ['syntax', (d) => (d.notifications[0].body = 'Hello {{#if case.risk}}high'), 'notifications[0].body', 'template syntax error on line 1'],
      ['unclosed mustache', (d) => (d.notifications[0].subject = 'Case {{case.id}'), 'notifications[0].subject', 'unexpected character (is a } missing?)'],
      ['mismatched block', (d) => (d.notifications[0].body = '{{#if case.risk}}x{{/each}}'), 'notifications[0].body', 'template syntax error on line 1: {{#if}} is closed by {{/each}}'],
      ['unknown variable', (d) => (d.notifications[0].subject = 'Case {{case.titel}}'), 'notifications[0].subject', "unknown variable 'case.titel' (did you mean 'case.title'?)"],
      ['unknown intake field', (d) => (d.notifications[0].body = '{{intake.houshold}}'), 'notifications[0].body', "unknown variable 'intake.houshold' (did you mean 'intake.household'?)"],
      ['event data of another event', (d) => (d.notifications[0].body = 'Due {{deadline.due}}'), 'notifications[0].body', "'deadline.due' is not available on case_opened notifications"],
      ['group instead of value', (d) => (d.notifications[0].body = '{{case}}'), 'notifications[0].body', "'case' is a group of values; name one, e.g. 'case.id'"],
      ['unknown helper', (d) => (d.notifications[0].body = '{{formatDate case.id}}'), 'notifications[0].body', "unknown helper 'formatDate'"],
      ['variables in helper arguments', (d) => (d.notifications[0].body = '{{#if case.riks}}!{{/if}}'), 'notifications[0].body', "unknown variable 'case.riks' (did you mean 'case.risk'?)"],
      ['partials', (d) => (d.notifications[0].body = '{{> footer}}'), 'notifications[0].body', 'partials ({{> name}}) are not available'],
    ];
    for (const [rule, mutate, path, message] of cases) {
      it(`${rule}: ${path}`, () => expectError(mutate, path, message));
    }
    it('knows event data, each blocks and @root', () => {
      const errors = errorsOf((d) => {
        d.notifications.push({
          on: 'risk_changed',
          to: [{ assignee: true }],
          subject: '{{case.id}} is {{risk.level}} (was {{risk.previous}})',
          body: '{{#each risk.reasons}}- {{this}} ({{@index}}, {{@root.case.id}}){{/each}}{{#unless case.assignee}}unassigned{{else}}{{case.assignee}}{{/unless}}',
        });
      });
      expect(errors).to.deep.equal([]);
    });
  });

  it('reports every problem at once, format and semantic together', () => {
    const errors = errorsOf((d) => {
      d.model = 'clinic';
      d.forms.intake[1].min = 30;
      d.screening.rules[0].when = 'eligble';
      d.notifications[0].to[0].field = 'email';
    });
    expect(errors.map((e) => e.path)).to.deep.equal(['model', 'forms.intake[1].max', 'screening.rules[0].when', 'notifications[0].to[0].field']);
  });

  describe('definition text', () => {
    it('reads YAML and JSON', () => {
      expect(parseDefinitionText('key: a-b\nlist: [1, 2]\n')).to.deep.equal({ key: 'a-b', list: [1, 2] });
      expect(parseDefinitionText('{"key": "a-b"}', 'json')).to.deep.equal({ key: 'a-b' });
    });
    it('reports YAML syntax errors with line and column at (document)', () => {
      const result = validateDefinitionText('key: a\nname: [unclosed\nmodel: brokerage\n');
      expect(result.ok).to.equal(false);
      expect(!result.ok && result.errors[0].path).to.equal('(document)');
      expect(!result.ok && result.errors[0].message).to.match(/^YAML syntax error at line \d+, column \d+: /);
    });
    it('reports duplicate YAML keys', () => {
      expect(() => parseDefinitionText('key: a\nkey: b\n')).to.throw(DefinitionSyntaxError, /YAML syntax error at line 2, column 1: Map keys must be unique/);
    });
    it('reports JSON syntax errors with line and column', () => {
      const result = validateDefinitionText('{\n  "key": "a",\n  oops\n}', 'json');
      expect(result).to.deep.equal({
        ok: false,
        errors: [{ path: '(document)', message: result.ok ? '' : result.errors[0].message }],
      });
      expect(!result.ok && result.errors[0].message).to.match(/^JSON syntax error at line 3, column 3: /);
    });
    it('validates text end to end', () => {
      const result = validateDefinitionText(YAML.stringify({ ...base(), key: 'x' }));
      expect(result).to.deep.equal({ ok: false, errors: [{ path: 'key', message: 'use 2 to 40 lower-case letters, digits and -' }] });
    });
  });
});
