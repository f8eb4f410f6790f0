/**
 * Notification templates: the check walks every block, so a template it passes renders nothing
 * but the values the notification lists, however its blocks move about.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { renderNotification } from '../../activities/notification-content';
import type { NotificationContext } from '../../common/notifications';
import { checkTemplate } from '../../definitions/templates';

const INTAKE_FIELDS = ['client_name', 'client_email', 'eligible'];
const problemsOf = (template: string, event = 'risk_changed') => checkTemplate(template, 'notifications[0].body', event, INTAKE_FIELDS).map((p) => p.message);

/** A case whose data holds, beside the listed values, values no template may reach. */
const context: NotificationContext = {
  case: { id: 'quick-case-000001', title: 'Housing support', phase: 'assessment', status: 'open', team: 'team-a', definition: 'quick-case', secret: 'SECRET-case' } as NotificationContext['case'],
  event: 'risk_changed',
  intake: { client_name: 'Ada', client_email: 'ada@example.org', eligible: true, health_condition: 'SECRET-intake' },
  data: { risk: { level: 'high', previous: 'low', score: 7, reasons: ['Arrears', 'Homeless'], internal: 'SECRET-risk' }, hidden: 'SECRET-top' },
};
const render = (body: string) => renderNotification({ on: 'risk_changed', to: [{ assignee: true }], subject: 'x', body }, 0, context).body;

describe('notification templates: the check follows every block', () => {
  const refused: Array<[string, RegExp]> = [
    ['{{#with this}}{{#each intake}}{{@key}}: {{this}}\n{{/each}}{{/with}}', /'\{\{#with this\}\}' is not available/],
    ['{{#each intake}}{{this}}{{/each}}', /'intake' is a group of values, not a list/],
    ['{{#with intake}}{{#each this}}{{this}}{{/each}}{{/with}}', /'\{\{#each this\}\}' is not available/],
    ['{{#with intake}}{{this}}{{/with}}', /'this' here stands for a group of values \('intake'\)/],
    ['{{#with case}}{{.}}{{/with}}', /'\.' here stands for a group of values \('case'\)/],
    ['{{#each risk.reasons}}{{#with ../this}}{{#each intake}}{{this}}{{/each}}{{/with}}{{/each}}', /'\{\{#with \.\.\/this\}\}' is not available/],
    ['{{#with @root}}{{#each intake}}{{this}}{{/each}}{{/with}}', /stands for everything at once/],
    ['{{#each @root.intake}}{{this}}{{/each}}', /'intake' is a group of values, not a list/],
    ['{{this}}', /here stands for a group of values \(everything at once\)/],
    ['{{@root}}', /here stands for a group of values/],
    ['{{#with case}}{{descripton}}{{/with}}', /unknown variable 'case\.descripton'/],
    ['{{#with intake}}{{health_condition}}{{/with}}', /unknown variable 'intake\.health_condition'/],
    ['{{#each risk.reasons}}{{length}}{{/each}}', /each item is a single value/],
    ['{{#with case.title}}{{length}}{{/with}}', /'case\.title' is a single value/],
    ['{{#with case}}{{../../hidden}}{{/with}}', /reaches out of more blocks than it is in/],
    ['{{#each risk.reasons as |reason|}}{{reason}}{{/each}}', /block parameters/],
    ['{{#each risk.reasons key="x"}}{{this}}{{/each}}', /takes no name=value arguments/],
    ['{{#intake}}{{health_condition}}{{/intake}}', /a block must be one of/],
    ['{{#case.title}}x{{/case.title}}', /a block must be one of/],
    ['{{lookup intake "health_condition"}}', /'lookup' is not available/],
    ['{{#each (lookup @root "intake")}}{{this}}{{/each}}', /sub-expressions/],
    ['{{log intake.client_name}}', /'log' is not available in notification templates: it would write case data to the server's log/],
    ['{{#log}}x{{/log}}', /'log' is not available/],
    ['{{"intake"}}', /a literal in place of a name is not available/],
    ['{{#with "intake"}}{{this}}{{/with}}', /needs a name, not the literal/],
    ['{{@index}}', /'@index' is available only inside \{\{#each\}\}/],
    ['{{@level}}', /unknown data variable '@level'/],
    ['{{#*inline "x"}}{{intake}}{{/inline}}', /decorators/],
    ['{{#with risk.reasons}}{{0}}{{/with}}', /'risk\.reasons' is a list; go over it with \{\{#each risk\.reasons\}\}/],
    ['{{if case.risk}}', /'if' works only as a block/],
  ];
  for (const [template, message] of refused) {
    it(`refuses ${JSON.stringify(template)}`, () => {
      const problems = problemsOf(template);
      expect(problems.some((p) => message.test(p)), problems.join('\n')).to.equal(true);
    });
  }

  it('takes blocks that move to a group, a list or back out, and renders them from the listed values', () => {
    const templates: Array<[string, string]> = [
      ['{{#with case}}{{title}} ({{id}}) for {{../intake.client_name}}{{/with}}', 'Housing support (quick-case-000001) for Ada'],
      ['{{#each risk.reasons}}{{@index}}. {{this}} of {{../case.id}}/{{@root.risk.level}}{{#if @last}}.{{else}}; {{/if}}{{else}}none{{/each}}', '0. Arrears of quick-case-000001/high; 1. Homeless of quick-case-000001/high.'],
      ['{{#with intake}}{{#if eligible}}{{client_name}} <{{client_email}}>{{/if}}{{/with}}', 'Ada <ada@example.org>'],
      ['{{#if intake.client_email}}mail{{else if case.risk}}risk{{/if}} {{#unless case.assignee}}unassigned{{/unless}}', 'mail unassigned'],
      ['{{#each risk.reasons}}{{#with this}}[{{.}}]{{/with}}{{/each}}', ''],
      ['{{risk.reasons}}', 'Arrears,Homeless'],
    ];
    for (const [template, rendered] of templates.slice(0, 4).concat(templates.slice(5))) {
      expect(problemsOf(template), template).to.deep.equal([]);
      expect(render(template), template).to.equal(rendered);
    }
    expect(problemsOf(templates[4][0])).to.have.length(1);
  });

  it('passes no template that renders a value beyond those listed, whatever its blocks', () => {
    const pieces = [
      'x', ' ', '{{this}}', '{{.}}', '{{..}}', '{{../this}}', '{{@key}}', '{{@index}}', '{{@root}}', '{{intake}}', '{{case}}', '{{risk}}',
      '{{intake.client_name}}', '{{risk.reasons}}', '{{hidden}}', '{{secret}}', '{{internal}}', '{{health_condition}}', '{{client_name}}',
      '{{#with this}}', '{{#with ..}}', '{{#with ../this}}', '{{#with @root}}', '{{#with case}}', '{{#with intake}}', '{{#with risk}}', '{{/with}}',
      '{{#each intake}}', '{{#each this}}', '{{#each @root.intake}}', '{{#each risk.reasons}}', '{{#each risk}}', '{{#each ..}}', '{{/each}}',
      '{{#if intake}}', '{{#if this}}', '{{/if}}', '{{else}}', '{{lookup . "intake"}}', '{{lookup intake @key}}', '{{#intake}}', '{{/intake}}',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 12 }), (chosen) => {
        const template = chosen.join('');
        if (problemsOf(template).length > 0) return true;
        let output: string;
        try {
          output = render(template);
        } catch {
          return true;
        }
        return !output.includes('SECRET');
      }),
      { numRuns: 20_000 },
    );
  });
});
