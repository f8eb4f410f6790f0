import { expect } from 'chai';
import { lineFinder, lineInMessage, pathSegments } from '../../definitions/path-lines';

describe('path-lines: a problem path to its line in YAML', () => {
  const text = ['key: demo', 'forms:', '  intake:', '    - name: a', '      type: string', '    - name: b', '      type: strng', 'screening:', '  rulez: []', ''].join('\n');

  it('splits the checker\'s paths into keys and indexes', () => {
    expect(pathSegments('forms.intake[1].type')).to.deep.equal(['forms', 'intake', 1, 'type']);
    expect(pathSegments('(document)')).to.deep.equal([]);
  });

  it('finds the line of a key, of a list item, and of the nearest mapping for a missing key', () => {
    const line = lineFinder(text);
    expect(line('forms.intake[1].type')).to.equal(7);
    expect(line('forms.intake[1]')).to.equal(6);
    expect(line('screening.rulez')).to.equal(9);
    expect(line('risk')).to.equal(1);
    expect(line('screening.rules')).to.equal(8);
  });

  it('leaves a syntax error to the line its message names', () => {
    expect(lineFinder('a: [')('a')).to.equal(undefined);
    expect(lineInMessage('YAML syntax error at line 4, column 2: bad')).to.equal(4);
  });
});
