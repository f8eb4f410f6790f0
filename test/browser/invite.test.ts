/** Invitations and password links in a real browser, and the first admin's sign-in on a new installation. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { ensureAdmin } from '../../api/auth/ensure-admin';
import { ensureAdminSignIn } from '../../console/auth/first-admin';
import { checkPassword } from '../../console/auth/passwords';
import { findUserByEmail } from '../../store/credentials';
import { openDb } from '../../store/db';
import { saveUser } from '../../store/users';
import { addPerson, contexts, expectAccessible, type Person } from '../helpers/browser';
import { startSystem, type TestSystem } from '../helpers/system';

describe('console: invitations and password links', () => {
  let sys: TestSystem;
  let ann: Person;
  const browser = contexts();
  before(async () => {
    sys = await startSystem();
    ann = await addPerson(sys, { roles: ['admin'], name: 'Ann Admin' });
  });
  afterEach(() => browser.closeAll());
  after(async () => sys?.stop());

  const linkIn = (text: string) => /(http:\/\/\S+\/app\/password\/[A-Za-z0-9_-]{43})/.exec(text)?.[1];

  it('lets an admin invite a person by e-mail, whose link sets their password once and signs them in', async () => {
    await saveUser(sys.db, { id: 'nia', name: 'Nia Newcomer', email: 'nia@example.org', roles: ['case_manager'], teams: ['team-a'] });
    const admin = await browser.page();
    await admin.goto(`${sys.url}/app/people`);
    await admin.getByLabel('Email').fill(ann.email);
    await admin.getByLabel('Password').fill(ann.password);
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await admin.getByRole('heading', { name: 'People' }).waitFor();
    await expectAccessible(admin, 'people');
    await admin.getByRole('button', { name: 'Send an invitation to Nia Newcomer' }).click();
    await admin.getByText('An invitation was sent to Nia Newcomer at nia@example.org.').waitFor();

    const mail = sys.smtp!.messages.find((m) => m.to.includes('nia@example.org'));
    expect(mail?.subject).to.equal('You are invited to Casework');
    const link = linkIn(mail!.text);
    expect(link, mail!.text).to.be.a('string');

    const nia = await browser.page();
    await nia.goto(link!);
    await nia.getByRole('heading', { name: 'Welcome to Casework' }).waitFor();
    await nia.getByLabel('New password').fill('a long enough passphrase');
    await nia.getByLabel('Type the password again').fill('a different passphrase');
    await nia.getByRole('button', { name: 'Set password' }).click();
    await nia.getByText('must be the same as the new password').waitFor();
    await expectAccessible(nia, 'set password, with an error');
    await nia.getByLabel('New password').fill('a long enough passphrase');
    await nia.getByLabel('Type the password again').fill('a long enough passphrase');
    await nia.getByRole('button', { name: 'Set password' }).click();
    await nia.getByRole('heading', { name: 'My work' }).waitFor();
    await nia.getByRole('navigation', { name: 'Main' }).getByText('Nia Newcomer').waitFor();

    await nia.goto(link!);
    await nia.getByRole('heading', { name: 'This link no longer works' }).waitFor();
    const found = await findUserByEmail(sys.db, 'nia@example.org');
    expect(await checkPassword(found?.passwordHash, 'a long enough passphrase')).to.equal(true);

    // Now that Nia has a password, the admin's button sends a reset link instead.
    await admin.reload();
    await admin.getByRole('button', { name: 'Send a password reset link to Nia Newcomer' }).waitFor();
  });

  it('prints a one-time link on a new installation that sets the first admin password, and nothing once one is set', async () => {
    // A system of its own: in the shared one, an admin has a password already.
    const fresh = await startSystem();
    try {
      await firstAdminLink(fresh);
    } finally {
      await fresh.stop();
    }
  });

  async function firstAdminLink(sys: TestSystem) {
    const lines: string[] = [];
    const made = await ensureAdminSignIn(sys.db, { publicUrl: sys.url }, (l) => lines.push(l));
    expect(made?.userId).to.equal('admin');
    const link = linkIn(lines.join('\n'));
    expect(link, lines.join('\n')).to.equal(made?.link);

    const page = await browser.page();
    await page.goto(link!);
    await page.getByLabel('New password').fill('the very first password');
    await page.getByLabel('Type the password again').fill('the very first password');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByText('Administrator').waitFor();
    expect(await ensureAdminSignIn(sys.db, { publicUrl: sys.url }, (l) => lines.push(l))).to.equal(undefined);
  }

  it('sets the first admin password from ADMIN_EMAIL and ADMIN_PASSWORD instead, printing no link', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casework-first-admin-'));
    const db = await openDb({ dataDir: dir });
    try {
      await ensureAdmin(db, { security: {} }, () => undefined);
      const lines: string[] = [];
      const made = await ensureAdminSignIn(db, { publicUrl: 'http://localhost:3000', adminEmail: 'Boss@Example.org', adminPassword: 'twelve chars or more' }, (l) => lines.push(l));
      expect(made).to.deep.equal({ userId: 'admin' });
      expect(lines.join('\n')).not.to.match(/\/app\/password\//);
      const found = await findUserByEmail(db, 'boss@example.org');
      expect(found?.user.id).to.equal('admin');
      expect(await checkPassword(found?.passwordHash, 'twelve chars or more')).to.equal(true);
    } finally {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
