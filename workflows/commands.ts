/** What the commands that a handler carries out itself change: each records its entry. */
import type { AssignInput, DocumentInput, NoteInput } from '../common/messages';
import type { CaseFile } from './case-file';

export function addNote(c: CaseFile, { text, actor }: NoteInput): void {
  c.record('note_added', actor.id, { noteId: c.nextId('n'), text });
}

export function addDocument(c: CaseFile, { actor, documentId, sha256, size, fileName, contentType, title }: DocumentInput): void {
  c.record('document_added', actor.id, { documentId, sha256, size, fileName, contentType, ...(title ? { title } : {}) });
}

export function assign(c: CaseFile, { assignee, actor, reason }: AssignInput): void {
  const from = c.s.assignee;
  c.s.assignee = assignee;
  c.record('case_assigned', actor.id, { from, to: assignee, ...(reason ? { reason } : {}) });
}
