/** The people directory: who has which e-mail, roles and teams. */
import type { Role } from '../common/phases';
import type { Db } from './db';

export interface User {
  id: string;
  name: string;
  email: string;
  roles: Role[];
  teams: string[];
  active: boolean;
  createdAt: string;
}

export interface UserRow {
  id: string;
  name: string;
  email: string;
  roles: string;
  teams: string;
  active: number | boolean;
  created_at: string;
}

export const userFromRow = (r: UserRow): User => ({
  id: r.id,
  name: r.name,
  email: r.email,
  roles: JSON.parse(r.roles),
  teams: JSON.parse(r.teams),
  active: Boolean(r.active),
  createdAt: r.created_at,
});

export async function saveUser(db: Db, user: Omit<User, 'createdAt' | 'active'> & { active?: boolean }): Promise<User> {
  const row = {
    id: user.id,
    name: user.name,
    email: user.email,
    roles: JSON.stringify(user.roles),
    teams: JSON.stringify(user.teams),
    active: user.active ?? true,
    created_at: new Date().toISOString(),
  };
  await db('users').insert(row).onConflict('id').merge(['name', 'email', 'roles', 'teams', 'active']);
  return userFromRow((await db('users').where({ id: user.id }).first()) as UserRow);
}

export async function getUser(db: Db, id: string): Promise<User | undefined> {
  const row: UserRow | undefined = await db('users').where({ id }).first();
  return row ? userFromRow(row) : undefined;
}

export async function listUsers(db: Db): Promise<User[]> {
  const rows: UserRow[] = await db('users').orderBy('id');
  return rows.map(userFromRow);
}

/** Active users who hold a role in a team; JSON columns are filtered here to stay portable. */
export async function usersWithRole(db: Db, role: Role, team: string): Promise<User[]> {
  return (await listUsers(db)).filter((u) => u.active && u.roles.includes(role) && u.teams.includes(team));
}

/** Active users who hold any of these roles in a team. */
export async function usersWithRoles(db: Db, roles: readonly Role[], team: string): Promise<User[]> {
  return (await listUsers(db)).filter((u) => u.active && u.roles.some((r) => roles.includes(r)) && u.teams.includes(team));
}
