import type { Knex } from 'knex';

interface VersionRow {
  key: string;
  content: string;
  created_by: string;
}

interface Rule {
  to?: Array<{ address?: unknown }>;
}

/**
 * Fixed notification addresses an admin approved for a definition, by publishing a version that
 * names them: a designer may then keep them, though they lie outside NOTIFY_ALLOWED_DOMAINS. The
 * versions on record approve theirs when the definitions folder or someone who is an admin now
 * published them; any other address waits for an admin.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('approved_addresses', (t) => {
    t.string('key', 64).notNullable();
    t.string('address', 320).notNullable();
    t.string('approved_by', 128).notNullable();
    t.string('approved_at', 32).notNullable();
    t.primary(['key', 'address']);
  });

  const users: Array<{ id: string; roles: string; active: number | boolean }> = await db('users').select('id', 'roles', 'active');
  const admins = new Set(users.filter((u) => Boolean(u.active) && (JSON.parse(u.roles) as string[]).includes('admin')).map((u) => u.id));
  const versions: VersionRow[] = await db('definition_versions').select('key', 'content', 'created_by').orderBy(['key', 'version']);
  const seen = new Set<string>();
  for (const v of versions) {
    if (v.created_by !== 'definitions-folder' && !admins.has(v.created_by)) continue;
    const rules = ((JSON.parse(v.content) as { notifications?: Rule[] }).notifications ?? []);
    for (const to of rules.flatMap((r) => r.to ?? [])) {
      if (typeof to.address !== 'string') continue;
      const address = to.address.trim().toLowerCase();
      if (seen.has(`${v.key}\n${address}`)) continue;
      seen.add(`${v.key}\n${address}`);
      await db('approved_addresses').insert({ key: v.key, address, approved_by: v.created_by, approved_at: new Date().toISOString() });
    }
  }
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('approved_addresses');
}
