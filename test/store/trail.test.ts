/**
 * The recording activity's store chains the trail itself, so the chain holds whichever workflow
 * task writes: a retried task with another workflow time, a dead task's entries, a late write.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { NewTrailEntry } from '../../common/case-types';
import { saveCaseRecord } from '../../store/cases';
import { openDb, type Db } from '../../store/db';
import { readTrail, verifyChain } from '../../store/trail';
import { GENESIS_HASH, trailHash } from '../../store/trail-hash';
import { caseRow, caseView, OPENED } from '../fixtures/reports';

describe('trail store: the chain is made where the trail is written', () => {
  let dataDir: string;
  let db: Db;
  let n = 0;
  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'casework-trail-'));
    db = await openDb({ dataDir });
  });
  after(async () => {
    await db?.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const newCase = () => {
    const view = caseView({ id: `quick-case-${String(++n).padStart(6, '0')}`, openedAt: OPENED, legs: [{ phase: 'screening', hours: 1 }] });
    const entry = (seq: number, type: string, at = `2024-03-01T10:00:0${seq % 10}.000Z`, data: Record<string, unknown> = {}): NewTrailEntry => ({
      caseId: view.id,
      seq,
      type,
      actor: 'j.meyer',
      at,
      data,
    });
    const save = (entries: NewTrailEntry[], writtenAt: number) => saveCaseRecord(db, caseRow(view), entries, writtenAt);
    const trail = () => readTrail(db, view.id);
    return { entry, save, trail };
  };

  it('hashes as trails already on record were hashed: sha256 over canonical JSON, keys sorted, UTF-8', () => {
    const content = { seq: 1, caseId: 'hr-grievance-000001', type: 'case_opened', actor: 'j.meyer', at: '2026-11-23T09:00:00.000Z', data: { title: 'Überstunden – Beschwerde', n: 2 } };
    expect(trailHash(content, GENESIS_HASH)).to.equal('03ae336555e103e0e8c6679a72fad917371527fc935026c154988249d0b948e4');
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
});
