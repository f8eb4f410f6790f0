/** Versions of case definitions, saved and read back, on SQLite and PostgreSQL. */
import { expect } from 'chai';
import { canonicalHash } from '../../definitions/loader';
import { definitionSchema, type DefinitionInput } from '../../common/definition-schema';
import type { Db } from '../../store/db';
import { getDefinitionVersion, listDefinitionVersions, listLatestDefinitions, saveDefinitionVersion } from '../../store/definitions';
import { quickCase } from '../fixtures/definitions';
import { forEachDatabase } from '../helpers/databases';

const definition = (input: DefinitionInput) => definitionSchema.parse(input);
const save = (db: Db, input: DefinitionInput, by = 'designer') => {
  const d = definition(input);
  return saveDefinitionVersion(db, d, canonicalHash(d), { id: by, teams: [d.team ?? 'team-a'], approves: true });
};

describe('definition store', () => forEachDatabase((open) => {
  let db: Db;
  beforeEach(async () => {
    db = await open();
  });

  it('numbers the versions of a key from 1 and keeps an unchanged definition as the version it is', async () => {
    const first = await save(db, quickCase);
    const same = await save(db, quickCase);
    const changed = await save(db, { ...quickCase, name: 'Quick case, renamed' });
    expect([first.created, first.version.version]).to.deep.equal([true, 1]);
    expect([same.created, same.version.version]).to.deep.equal([false, 1]);
    expect([changed.created, changed.version.version]).to.deep.equal([true, 2]);
  });

  it('reads a version back whole, the latest or the one asked for', async () => {
    await save(db, quickCase);
    await save(db, { ...quickCase, name: 'Quick case, renamed' });
    const latest = await getDefinitionVersion(db, 'quick-case');
    expect(latest).to.deep.include({ key: 'quick-case', version: 2, createdBy: 'designer' });
    expect(latest?.definition).to.deep.equal(definition({ ...quickCase, name: 'Quick case, renamed' }));
    expect((await getDefinitionVersion(db, 'quick-case', 1))?.definition).to.deep.equal(definition(quickCase));
    expect(await getDefinitionVersion(db, 'quick-case', 3)).to.equal(undefined);
    expect(await getDefinitionVersion(db, 'no-such-case')).to.equal(undefined);
  });

  it("lists a key's versions in order, and the latest version of every key", async () => {
    for (let v = 1; v <= 11; v++) await save(db, { ...quickCase, name: `Quick case ${v}` });
    await save(db, { ...quickCase, key: 'another-case' });
    expect((await listDefinitionVersions(db, 'quick-case')).map((v) => v.version)).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect((await listLatestDefinitions(db)).map((v) => [v.key, v.version, v.definition.name])).to.deep.equal([
      ['another-case', 1, quickCase.name],
      ['quick-case', 11, 'Quick case 11'],
    ]);
  });

  it('saves definitions of one key published at the same time as versions one after another', async () => {
    const names = ['One', 'Two', 'Three', 'Four', 'Five'];
    await Promise.all(names.map(() => db.raw('select 1')));
    const saved = await Promise.all(names.map((name) => save(db, { ...quickCase, name })));
    expect(saved.map((s) => s.version.version).sort()).to.deep.equal([1, 2, 3, 4, 5]);
    const versions = await listDefinitionVersions(db, 'quick-case');
    expect(versions.map((v) => v.version)).to.deep.equal([1, 2, 3, 4, 5]);
  });

  it('saves one definition published many times at the same time once, as when two API processes start together', async () => {
    // Connections at the ready, so that the saves really run side by side.
    await Promise.all(Array.from({ length: 5 }, () => db.raw('select 1')));
    for (let round = 1; round <= 3; round++) {
      const input = { ...quickCase, name: `Round ${round}` };
      const saved = await Promise.all(Array.from({ length: 5 }, () => save(db, input)));
      expect(saved.filter((s) => s.created), `round ${round}`).to.have.length(1);
    }
    expect((await listDefinitionVersions(db, 'quick-case')).map((v) => v.version)).to.deep.equal([1, 2, 3]);
  });
}));
