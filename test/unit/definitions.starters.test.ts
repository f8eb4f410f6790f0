/** The starter templates a new definition begins from: each passes the definition checks once named, and keeps its comments. */
import { expect } from 'chai';
import { STARTERS, starterText } from '../../definitions/starters';
import { validateDefinitionText } from '../../definitions/validate';

describe('definition starters', () => {
  for (const starter of STARTERS) {
    it(`'${starter.id}' passes the checks with the new key, name and team`, () => {
      const text = starterText(starter, { key: 'family-support', name: 'Family support', team: 'team-x' });
      const result = validateDefinitionText(text, 'yaml');
      expect(result.ok ? [] : result.errors).to.deep.equal([]);
      if (!result.ok) return;
      expect([result.definition.key, result.definition.name, result.definition.team]).to.deep.equal(['family-support', 'Family support', 'team-x']);
      expect(text).to.match(/^# yaml-language-server: \$schema=/);
    });
  }

  it('leaves the team out when the designer has none, so the publisher\'s own applies', () => {
    const result = validateDefinitionText(starterText(STARTERS[0], { key: 'family-support', name: 'Family support' }), 'yaml');
    expect(result.ok && result.definition.team).to.equal(undefined);
  });

  it('has a starter with every lifecycle key the picture shows', () => {
    const result = validateDefinitionText(starterText(STARTERS.find((s) => s.id === 'lifecycle')!, { key: 'family-support', name: 'Family support' }), 'yaml');
    expect(result.ok).to.equal(true);
    if (!result.ok) return;
    expect(result.definition.reopen).to.deep.equal({ roles: ['supervisor'], within: 'P90D', phase: 'assessment', closures: ['completed'] });
    expect(result.definition.retention).to.deep.equal({ keep: 'P6Y', approver: 'supervisor', hold_roles: ['supervisor'] });
    expect(result.definition.personal_data).to.deep.equal({ identifier: 'client_email' });
    expect(result.definition.routing).to.deep.equal({ planning: { tasks: 'least_loaded' }, implementation: { owner: 'keep' } });
  });
});
