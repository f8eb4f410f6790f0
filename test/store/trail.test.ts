/**
 * The recording activity's store chains the trail itself, so the chain holds whichever workflow
 * task writes: a retried task with another workflow time, a dead task's entries, a late write.
 */
import { expect } from 'chai';
import type { NewTrailEntry } from '../../common/case-types';
import { CaseIdTakenError, getCaseRow, saveCaseRecord } from '../../store/cases';
import type { Db } from '../../store/db';
import { readTrail, verifyChain } from '../../store/trail';
import { dataDigest, digestHash, GENESIS_HASH, trailHash } from '../../store/trail-hash';
import type { TrailEntry } from '../../common/case-types';
import { caseRow, caseView, OPENED } from '../fixtures/reports';
import { forEachDatabase } from '../helpers/databases';

describe('trail store: the chain is made where the trail is written', () => {
  it('hashes as trails already on record were hashed: sha256 over canonical JSON, keys sorted, UTF-8', () => {
    const content = { seq: 1, caseId: 'hr-grievance-000001', type: 'case_opened', actor: 'j.meyer', at: '2026-11-23T09:00:00.000Z', data: { title: 'Überstunden – Beschwerde', n: 2 } };
    expect(trailHash(content, GENESIS_HASH)).to.equal('03ae336555e103e0e8c6679a72fad917371527fc935026c154988249d0b948e4');
  });

  it('verifies a purged trail: entries with a digest by it, older ones by their stored hash, which the verdict names', () => {
    const caseId = 'quick-case-000001';
    let prev = GENESIS_HASH;
    const entries: TrailEntry[] = [1, 2, 3, 4, 5].map((seq) => {
      const content = { caseId, seq, type: 'note_added', actor: 'j.meyer', at: `2024-03-01T10:00:0${seq}.000Z`, data: { text: `note ${seq}` } };
      // The first three were written before entries kept a digest of their data.
      const digest = seq > 3 ? dataDigest(content.data) : undefined;
      const { data: _data, ...hashed } = content;
      const hash = digest ? digestHash({ ...hashed, dataDigest: digest }, prev) : trailHash(content, prev);
      const e = { ...content, prevHash: prev, hash, ...(digest ? { dataDigest: digest } : {}) } as TrailEntry;
      prev = hash;
      return e;
    });
    expect(verifyChain(entries)).to.deep.equal({ valid: true, entries: 5 });
    const purged = entries.map((e) => ({ ...e, data: {}, purged: true }) as TrailEntry);
    expect(verifyChain(purged)).to.deep.equal({ valid: true, entries: 5, checkedByStoredHash: [1, 2, 3] });
    // Changed data of an entry not purged, or a purged entry's digest, breaks the chain.
    const changed = entries.map((e) => (e.seq === 5 ? ({ ...e, data: { text: 'other' } } as TrailEntry) : e));
    expect(verifyChain(changed).firstInvalid).to.deep.equal({ seq: 5, problem: 'its content does not match its hash' });
    const forged = purged.map((e) => (e.seq === 4 ? { ...e, dataDigest: dataDigest({ text: 'forged' }) } : e));
    expect(verifyChain(forged).firstInvalid).to.deep.equal({ seq: 4, problem: 'its content does not match its hash' });
  });

  forEachDatabase((open) => {
    let db: Db;
    let n = 0;
    beforeEach(async () => {
      db = await open();
    });

    const newCase = () => {
      const view = caseView({ id: `quick-case-${String(++n).padStart(6, '0')}`, openedAt: OPENED, legs: [{ phase: 'screening', hours: 1 }] });
      // The chain holds whatever an entry says: these carry any type and data.
      const entry = (seq: number, type: string, at = `2024-03-01T10:00:0${seq % 10}.000Z`, data: Record<string, unknown> = {}) =>
        ({ caseId: view.id, seq, type, actor: 'j.meyer', at, data }) as NewTrailEntry;
      const save = (entries: NewTrailEntry[], writtenAt: number) => saveCaseRecord(db, caseRow(view), entries, writtenAt);
      const trail = () => readTrail(db, view.id);
      return { entry, save, trail };
    };

    it('refuses a write under a case id from another case, and keeps the row and the trail as they were', async () => {
      const { entry, trail } = newCase();
      const id = entry(1, 'x').caseId;
      const view = caseView({ id, openedAt: OPENED, legs: [{ phase: 'screening', hours: 1 }] });
      const save = (entries: NewTrailEntry[], writtenAt: number, origin?: string, team = 'team-a') =>
        saveCaseRecord(db, { ...caseRow(view), team, revision: writtenAt }, entries, writtenAt, undefined, origin);
      await save([entry(1, 'case_opened'), entry(2, 'phase_entered'), entry(3, 'note_added')], 100, 'first-case');
      const before = { trail: await trail(), row: await getCaseRow(db, id) };

      for (const intruder of ['second-case', undefined]) {
        const err = await save([entry(1, 'case_opened'), entry(2, 'phase_entered')], 500, intruder, 'team-b').catch((e: unknown) => e);
        expect(err).to.be.instanceOf(CaseIdTakenError);
      }
      expect({ trail: await trail(), row: await getCaseRow(db, id) }).to.deep.equal(before);
      await save([entry(4, 'note_added')], 200, 'first-case');
      expect((await trail()).map((e) => e.seq)).to.deep.equal([1, 2, 3, 4]);
    });

    it('lets a case opened before origins were kept write as before, and no case with an origin write over it', async () => {
      const { entry, save, trail } = newCase();
      const id = entry(1, 'x').caseId;
      await save([entry(1, 'case_opened')], 100);
      await save([entry(2, 'phase_entered')], 200);
      const view = caseView({ id, openedAt: OPENED, legs: [{ phase: 'screening', hours: 1 }] });
      const err = await saveCaseRecord(db, caseRow(view), [entry(1, 'case_opened')], 300, undefined, 'new-case').catch((e: unknown) => e);
      expect(err).to.be.instanceOf(CaseIdTakenError);
      expect((await trail()).map((e) => e.type)).to.deep.equal(['case_opened', 'phase_entered']);
    });

    it('chains batches to the entry before them on record, and verifies', async () => {
      const { entry, save, trail } = newCase();
      await save([entry(1, 'case_opened'), entry(2, 'phase_entered')], 100);
      await save([entry(3, 'screening_recorded', undefined, { decision: 'accept' })], 200);
      const entries = await trail();
      expect(entries.map((e) => e.seq)).to.deep.equal([1, 2, 3]);
      expect(entries[2].prevHash).to.equal(entries[1].hash);
      expect(verifyChain(entries)).to.deep.equal({ valid: true, entries: 3 });
    });

    it('keeps an entry written again with another time as first written, and the chain whole', async () => {
      const { entry, save, trail } = newCase();
      await save([entry(1, 'case_opened'), entry(2, 'contact_due', '2024-03-01T10:00:23.826Z')], 100);
      const before = await trail();
      await save([entry(2, 'contact_due', '2024-03-01T10:00:24.000Z'), entry(3, 'phase_entered')], 300);
      const after = await trail();
      expect(after[1]).to.deep.equal(before[1]);
      expect(after[1].at).to.equal('2024-03-01T10:00:23.826Z');
      expect(verifyChain(after)).to.deep.equal({ valid: true, entries: 3 });
    });

    it("lets a later task's other entries replace a dead task's, removing the dead task's tail", async () => {
      const { entry, save, trail } = newCase();
      await save([entry(1, 'case_opened')], 100);
      await save([entry(2, 'note_added', undefined, { text: 'from the task that died' }), entry(3, 'phase_entered')], 200);
      await save([entry(2, 'follow_up_recorded', undefined, { outcome: 'on_track' })], 300);
      const entries = await trail();
      expect(entries.map((e) => e.type)).to.deep.equal(['case_opened', 'follow_up_recorded']);
      expect(verifyChain(entries)).to.deep.equal({ valid: true, entries: 2 });
    });

    it("never lets an earlier task's late write replace a later one's", async () => {
      const { entry, save, trail } = newCase();
      await save([entry(1, 'case_opened'), entry(2, 'follow_up_recorded')], 300);
      await save([entry(2, 'note_added')], 200);
      const entries = await trail();
      expect(entries.map((e) => e.type)).to.deep.equal(['case_opened', 'follow_up_recorded']);
      expect(verifyChain(entries).valid).to.equal(true);
    });

    it('is safe to repeat: the same batch twice changes nothing', async () => {
      const { entry, save, trail } = newCase();
      const batch = [entry(1, 'case_opened'), entry(2, 'phase_entered')];
      await save(batch, 100);
      const first = await trail();
      await save(batch, 100);
      expect(await trail()).to.deep.equal(first);
    });

    it('reads entries in the order of their numbers, past nine', async () => {
      const { entry, save, trail } = newCase();
      await save(Array.from({ length: 12 }, (_, i) => entry(i + 1, 'note_added', undefined, { n: i + 1 })), 100);
      const entries = await trail();
      expect(entries.map((e) => e.seq)).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
      expect(verifyChain(entries)).to.deep.equal({ valid: true, entries: 12 });
    });

    it('orders writers by workflow task times in milliseconds, beyond 32 bits', async () => {
      const { entry, save, trail } = newCase();
      const t = Date.parse('2024-03-01T10:00:00.000Z');
      await save([entry(1, 'case_opened')], t);
      await save([entry(2, 'note_added', undefined, { text: 'from the task that died' }), entry(3, 'phase_entered')], t + 1_000);
      await save([entry(2, 'follow_up_recorded')], t + 2_000);
      await save([entry(2, 'note_added', undefined, { text: 'late' })], t + 1_500);
      const entries = await trail();
      expect(entries.map((e) => e.type)).to.deep.equal(['case_opened', 'follow_up_recorded']);
      expect(verifyChain(entries).valid).to.equal(true);
    });

    it('keeps every value of the data as written, text beyond ASCII too', async () => {
      const { entry, save, trail } = newCase();
      const data = { title: 'Überstunden – Beschwerde 😊', n: 2.5, nested: { list: [1, 'two', null], yes: true } };
      await save([entry(1, 'case_opened', undefined, data)], 100);
      const [stored] = await trail();
      expect(stored.data).to.deep.equal(data);
      expect(verifyChain([stored]).valid).to.equal(true);
    });

    it('keeps the chains of two cases apart', async () => {
      const a = newCase();
      const b = newCase();
      await a.save([a.entry(1, 'case_opened')], 100);
      await b.save([b.entry(1, 'case_opened'), b.entry(2, 'phase_entered')], 100);
      await a.save([a.entry(2, 'phase_entered')], 200);
      const [ta, tb] = [await a.trail(), await b.trail()];
      expect(ta.map((e) => e.caseId)).to.deep.equal([ta[0].caseId, ta[0].caseId]);
      expect(ta[0].caseId).not.to.equal(tb[0].caseId);
      expect(verifyChain(ta).valid && verifyChain(tb).valid).to.equal(true);
    });

    it('finds an entry changed or removed behind its back', async () => {
      const { entry, save, trail } = newCase();
      await save([entry(1, 'case_opened'), entry(2, 'note_added', undefined, { text: 'as said' }), entry(3, 'phase_entered')], 100);
      const caseId = (await trail())[0].caseId;
      await db('case_events').where({ case_id: caseId, seq: 2 }).update({ data: JSON.stringify({ text: 'as rewritten' }) });
      expect(verifyChain(await trail()).firstInvalid).to.deep.equal({ seq: 2, problem: 'its content does not match its hash' });
      await db('case_events').where({ case_id: caseId, seq: 2 }).delete();
      expect(verifyChain(await trail()).firstInvalid).to.deep.equal({ seq: 3, problem: 'expected entry 2 here, found 3: an entry is missing' });
    });

    it('writes the entries and the case row in one transaction: neither when one fails', async () => {
      const view = caseView({ id: `quick-case-${String(++n).padStart(6, '0')}`, openedAt: OPENED, legs: [{ phase: 'screening', hours: 1 }] });
      const entries = [{ caseId: view.id, seq: 1, type: 'case_opened', actor: 'j.meyer', at: OPENED, data: {} }] as NewTrailEntry[];
      // A row without its title breaks the table's rule after the entries went in.
      const broken = { ...caseRow(view), title: null as unknown as string };
      let failed = false;
      await saveCaseRecord(db, broken, entries, 100).catch(() => (failed = true));
      expect(failed).to.equal(true);
      expect(await readTrail(db, view.id)).to.deep.equal([]);
      expect(await db('cases').where({ id: view.id })).to.deep.equal([]);
    });

    it("keeps the chain whole when a dead task's write and its retry's arrive at the same time", async () => {
      for (let round = 0; round < 10; round++) {
        const { entry, save, trail } = newCase();
        await save([entry(1, 'case_opened')], 100);
        await Promise.all([
          save([entry(2, 'note_added', undefined, { text: 'from the task that died' }), entry(3, 'phase_entered')], 200),
          save([entry(2, 'follow_up_recorded', undefined, { outcome: 'on_track' })], 300),
        ]);
        const entries = await trail();
        expect(entries[1].type, `round ${round}`).to.equal('follow_up_recorded');
        expect(verifyChain(entries), `round ${round}`).to.include({ valid: true });
      }
    });
  });
});
