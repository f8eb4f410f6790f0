/** What signing in to the console keeps: passwords, sessions, one-time links, drafts and saved views, on SQLite and PostgreSQL. */
import { expect } from 'chai';
import { anAdminHasPassword, findUserByEmail, setPasswordHash } from '../../store/credentials';
import type { Db } from '../../store/db';
import { saveFormDraft, takeFormDraft } from '../../store/form-drafts';
import { createPasswordLink, findUsablePasswordLink, usePasswordLink } from '../../store/password-links';
import { deleteView, listViewsFor, saveView } from '../../store/saved-views';
import { createSession, endSessionsOf, findSession, pruneSessions, tokenHash } from '../../store/sessions';
import { saveUser } from '../../store/users';
import { forEachDatabase } from '../helpers/databases';

const NOW = new Date('2024-05-01T09:00:00.000Z');
const later = (ms: number) => new Date(NOW.getTime() + ms);
const DAY = 24 * 3600_000;

describe('sign-in store', () => forEachDatabase((open) => {
  let db: Db;
  beforeEach(async () => {
    db = await open();
    await saveUser(db, { id: 'sam', name: 'Sam Lee', email: 'Sam.Lee@Example.org', roles: ['case_manager'], teams: ['team-a'] });
    await saveUser(db, { id: 'ann', name: 'Ann', email: 'ann@example.org', roles: ['admin'], teams: ['team-a'] });
  });

  it('finds a person by e-mail in any letter case, with the password hash once set', async () => {
    expect((await findUserByEmail(db, ' sam.lee@EXAMPLE.org '))?.user.id).to.equal('sam');
    expect((await findUserByEmail(db, 'sam.lee@example.org'))?.passwordHash).to.equal(undefined);
    expect(await findUserByEmail(db, 'nobody@example.org')).to.equal(undefined);
    expect(await anAdminHasPassword(db)).to.equal(false);
    await setPasswordHash(db, 'sam', '$argon2id$sam', NOW);
    expect(await anAdminHasPassword(db)).to.equal(false);
    await setPasswordHash(db, 'ann', '$argon2id$ann', NOW);
    expect(await anAdminHasPassword(db)).to.equal(true);
    expect((await findUserByEmail(db, 'sam.lee@example.org'))?.passwordHash).to.equal('$argon2id$sam');
  });

  it('keeps a session under the hash of its token only, and ends every session of a person at once', async () => {
    const { token, session } = await createSession(db, 'sam', 'Europe/Berlin', NOW);
    expect(session.id).to.equal(tokenHash(token)).and.not.equal(token);
    expect(await findSession(db, token)).to.deep.equal(session);
    expect(await findSession(db, `${token}x`)).to.equal(undefined);
    const other = await createSession(db, 'sam', undefined, NOW);
    const ann = await createSession(db, 'ann', undefined, later(DAY));
    await endSessionsOf(db, 'sam');
    expect(await findSession(db, token)).to.equal(undefined);
    expect(await findSession(db, other.token)).to.equal(undefined);
    expect(await pruneSessions(db, later(DAY))).to.equal(0);
    expect(await pruneSessions(db, later(DAY + 1))).to.equal(1);
    expect(await findSession(db, ann.token)).to.equal(undefined);
  });

  it('lets a password link work once, until its time, and only the newest one of a person', async () => {
    const first = await createPasswordLink(db, { userId: 'sam', purpose: 'invite', createdBy: 'ann', now: NOW, validForMs: DAY });
    const link = await findUsablePasswordLink(db, first, later(DAY - 1));
    expect(link).to.deep.include({ userId: 'sam', purpose: 'invite', createdBy: 'ann', expiresAt: later(DAY).toISOString() });
    expect(await findUsablePasswordLink(db, first, later(DAY))).to.equal(undefined);

    const second = await createPasswordLink(db, { userId: 'sam', purpose: 'reset', createdBy: 'ann', now: NOW, validForMs: DAY });
    expect(await findUsablePasswordLink(db, first, NOW)).to.equal(undefined);
    const usable = await findUsablePasswordLink(db, second, NOW);
    expect(await usePasswordLink(db, usable!.id, NOW)).to.equal(true);
    expect(await usePasswordLink(db, usable!.id, NOW)).to.equal(false);
    expect(await findUsablePasswordLink(db, second, NOW)).to.equal(undefined);
  });

  it("gives a draft back once, and only to the person who typed it", async () => {
    const id = await saveFormDraft(db, 'sam', { page: '/app/cases/new?definition=quick-case', fields: { title: 'Half typed', tags: ['a', 'b'] } }, NOW);
    expect(await takeFormDraft(db, id, 'ann')).to.equal(undefined);
    expect(await takeFormDraft(db, id, 'sam')).to.deep.equal({ page: '/app/cases/new?definition=quick-case', fields: { title: 'Half typed', tags: ['a', 'b'] } });
    expect(await takeFormDraft(db, id, 'sam')).to.equal(undefined);
  });

  it("lists a person's own views first, then those shared with their teams, and lets only the owner remove one", async () => {
    const mine = await saveView(db, { ownerId: 'sam', name: 'High risk', query: 'risk=high' }, NOW);
    const shared = await saveView(db, { ownerId: 'ann', name: 'Team backlog', query: 'status=open', team: 'team-a' }, NOW);
    await saveView(db, { ownerId: 'ann', name: 'Private', query: 'phase=closed' }, NOW);
    await saveView(db, { ownerId: 'ann', name: 'Other team', query: 'phase=planning', team: 'team-b' }, NOW);
    expect((await listViewsFor(db, 'sam', ['team-a'])).map((v) => v.name)).to.deep.equal(['High risk', 'Team backlog']);
    expect((await listViewsFor(db, 'sam', ['team-a']))[1]).to.deep.equal(shared);
    expect(await deleteView(db, shared.id, 'sam')).to.equal(false);
    expect(await deleteView(db, mine.id, 'sam')).to.equal(true);
    expect((await listViewsFor(db, 'sam', ['team-a'])).map((v) => v.name)).to.deep.equal(['Team backlog']);
  });
}));
