/** People's names by id, to show a name where the record keeps an id. */
import type { Db } from '../store/db';
import { listUsers } from '../store/users';

export async function peopleNames(db: Db): Promise<Map<string, string>> {
  return new Map((await listUsers(db)).map((u) => [u.id, u.name]));
}
