/**
 * The roles as README.md and docs/security.md describe them, against the permission table: both
 * describe each role alike, and each role's row names every kind of thing the table lets it do.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { PERMISSIONS } from '../../api/auth/permissions';
import { ROLES, type Role } from '../../common/phases';

const root = path.join(__dirname, '..', '..');

/** The rows of the first `| Role | May |` table after a heading, by role. */
function roleRows(file: string, heading: string): Map<string, string> {
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  const from = text.indexOf(heading);
  expect(from, `${file} has '${heading}'`).to.be.at.least(0);
  const rows = new Map<string, string>();
  for (const line of text.slice(from).split('\n')) {
    const m = /^\| `([a-z_]+)` \| (.*) \|$/.exec(line);
    if (m) rows.set(m[1], m[2]);
    else if (rows.size > 0 && !line.startsWith('|')) break;
  }
  return rows;
}

/** What a route is about, as a row would word it; the most specific path first. */
const WORDS: Array<[RegExp, RegExp]> = [
  [/^\/cases\/:id\/documents/, /documents/i],
  [/^\/cases\/:id\/notes$/, /notes/i],
  [/^\/cases\/:id\/tasks/, /tasks/i],
  [/^\/cases\/:id\/screening$/, /screening/i],
  [/^\/cases\/:id\/assessment$/, /assessment/i],
  [/^\/cases\/:id\/risk$/, /risk/i],
  [/^\/cases\/:id\/plan\/approve$/, /approve/i],
  [/^\/cases\/:id\/plan$/, /planning|plan/i],
  [/^\/cases\/:id\/follow-ups$/, /follow-ups/i],
  [/^\/cases\/:id\/(transition|contact|evaluation|hold|resume|close)$/, /./],
  [/^\/cases\/:id\/assignment$/, /assign/i],
  [/^\/cases\/:id\/report$/, /reports/i],
  [/^\/reports\//, /reports/i],
  [/^\/outbox$/, /outbox/i],
  [/^\/(app\/)?retention\//, /retention/i],
  [/^\/definitions/, /definitions/i],
  [/^\/calendars/, /calendars/i],
  [/^\/cases/, /cases/i],
  [/^\/work\/queues$/, /queue/i],
  [/^\/(app\/)?work\//, /Get next/],
  [/^\/(app\/)?people\//, /capabilities, limits and absences/],
  // The console's pages of cases and saved views of the case list show what the case routes do.
  [/^\/app\/(cases|views)/, /cases/i],
  // The dashboard and the reports page show reports; the board shows cases and moves them by their commands.
  [/^\/app\/(dashboard|reports)/, /reports/i],
  [/^\/app\/board/, /cases/i],
  [/^\/app\/team/, /Team page/],
  [/^\/app\/definitions/, /definitions/i],
];

describe('docs: the roles as README and docs/security.md describe them', () => {
  const readme = roleRows('README.md', '## Who may do what');
  const security = roleRows('docs/security.md', '## Roles');

  it('describe every role, and each alike', () => {
    expect([...readme.keys()].sort()).to.deep.equal([...ROLES].sort());
    expect(Object.fromEntries(security)).to.deep.equal(Object.fromEntries(readme));
  });

  it("name in each role's row every kind of thing the permission table lets the role do", () => {
    // A supervisor's row begins with all a case manager may.
    const rowOf = (role: Role) => (role === 'supervisor' ? `${readme.get('case_manager')} ${readme.get('supervisor')}` : readme.get(role) ?? '');
    const missing: string[] = [];
    for (const p of PERMISSIONS) {
      if (!Array.isArray(p.access) || p.access.length === 0) continue;
      const words = WORDS.find(([route]) => route.test(p.path))?.[1];
      expect(words, `${p.method} ${p.path} has words to look for in the rows`).not.to.equal(undefined);
      for (const role of p.access) {
        if (!words!.test(rowOf(role))) missing.push(`${role} may ${p.method} ${p.path}, but its row does not say ${words}`);
      }
    }
    expect(missing, missing.join('\n')).to.deep.equal([]);
  });
});
