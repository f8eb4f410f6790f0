/** Metadata of uploaded documents, on SQLite and PostgreSQL. */
import { expect } from 'chai';
import type { Db } from '../../store/db';
import { deleteDocument, getDocument, isContentReferenced, listDocuments, saveDocument, type DocumentRecord } from '../../store/documents';
import { forEachDatabase } from '../helpers/databases';

const doc = (id: string, overrides: Partial<DocumentRecord> = {}): DocumentRecord => ({
  id,
  caseId: 'quick-case-000001',
  sha256: 'a'.repeat(64),
  size: 1234,
  contentType: 'application/pdf',
  fileName: 'letter.pdf',
  uploadedBy: 'sam',
  uploadedAt: '2024-03-01T09:00:00.000Z',
  ...overrides,
});

describe('document store', () => forEachDatabase((open) => {
  let db: Db;
  beforeEach(async () => {
    db = await open();
  });

  it('reads a document back as saved, its size a number even past 32 bits', async () => {
    const large = doc('doc_1', { size: 5 * 1024 ** 3, title: 'Tenancy agreement' });
    await saveDocument(db, large);
    expect(await getDocument(db, large.caseId, large.id)).to.deep.equal(large);
    await saveDocument(db, doc('doc_2'));
    expect(await getDocument(db, large.caseId, 'doc_2')).to.deep.equal(doc('doc_2'));
  });

  it("finds a document only under its own case, and lists a case's documents oldest first", async () => {
    await saveDocument(db, doc('doc_b', { uploadedAt: '2024-03-02T09:00:00.000Z' }));
    await saveDocument(db, doc('doc_c', { uploadedAt: '2024-03-01T09:00:00.000Z' }));
    await saveDocument(db, doc('doc_a', { uploadedAt: '2024-03-02T09:00:00.000Z' }));
    await saveDocument(db, doc('doc_x', { caseId: 'quick-case-000002' }));
    expect((await listDocuments(db, 'quick-case-000001')).map((d) => d.id)).to.deep.equal(['doc_c', 'doc_a', 'doc_b']);
    expect(await getDocument(db, 'quick-case-000002', 'doc_a')).to.equal(undefined);
  });

  it('refuses a second document with the same id', async () => {
    await saveDocument(db, doc('doc_1'));
    const refused = await saveDocument(db, doc('doc_1', { caseId: 'quick-case-000002' })).then(() => false, () => true);
    expect(refused).to.equal(true);
    expect((await listDocuments(db, 'quick-case-000002')).length).to.equal(0);
  });

  it('tells whether any document still refers to a content after one is deleted', async () => {
    await saveDocument(db, doc('doc_1'));
    await saveDocument(db, doc('doc_2', { caseId: 'quick-case-000002' }));
    await deleteDocument(db, 'doc_1');
    expect(await getDocument(db, 'quick-case-000001', 'doc_1')).to.equal(undefined);
    expect(await isContentReferenced(db, 'a'.repeat(64))).to.equal(true);
    await deleteDocument(db, 'doc_2');
    expect(await isContentReferenced(db, 'a'.repeat(64))).to.equal(false);
  });
}));
