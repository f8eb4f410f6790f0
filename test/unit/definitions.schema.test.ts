import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { definitionJsonSchema, SCHEMA_FILE } from '../../scripts/generate-definition-schema';

describe('definitions/case-definition.schema.json', () => {
  it('is up to date with common/definition-schema.ts (run npm run definitions:schema)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).to.equal(definitionJsonSchema());
  });

  it('is a draft 2020-12 schema with an id and a title that refuses unknown properties', () => {
    const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'));
    expect(schema.$schema).to.equal('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).to.be.a('string').and.not.equal('');
    expect(schema.title).to.equal('Case definition');
    expect(schema.additionalProperties).to.equal(false);
    expect(schema.required).to.include.members(['key', 'name', 'model', 'forms', 'risk', 'planning', 'follow_up']);
    expect(schema.properties.description.default).to.equal('');
  });
});
