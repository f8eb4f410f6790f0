import type { Knex } from 'knex';

/** Raised when people share an e-mail address: a sign-in by e-mail could not tell them apart. */
export class DuplicateEmailsError extends Error {
  override name = 'DuplicateEmailsError';
}

/**
 * People sign in with their e-mail address, so no two may share one, in any letter case. Where
 * some do, the migration names them and stops, changing nothing: an admin gives each their own
 * address (PATCH /users/:id on the version before, or in the database) and starts again.
 */
export async function up(db: Knex): Promise<void> {
  const users: Array<{ id: string; email: string }> = await db('users').select('id', 'email').orderBy('id');
  const byEmail = new Map<string, string[]>();
  for (const u of users) {
    const key = u.email.trim().toLowerCase();
    byEmail.set(key, [...(byEmail.get(key) ?? []), u.id]);
  }
  const shared = [...byEmail].filter(([, ids]) => ids.length > 1);
  if (shared.length > 0) {
    const list = shared.map(([email, ids]) => `${email}: ${ids.join(', ')}`).join('; ');
    throw new DuplicateEmailsError(
      `people sign in with their e-mail address, which must then be theirs alone (in any letter case), but some share one: ${list}. ` +
        'Give each of them an address of their own (PATCH /users/:id with the version you ran before, or in the users table), then start again.',
    );
  }
  await db.raw('create unique index users_email_unique on users (lower(email))');
}

export async function down(db: Knex): Promise<void> {
  await db.raw('drop index if exists users_email_unique');
}
