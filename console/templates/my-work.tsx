/** "My work": for now, the open cases assigned to the person, what falls due first at the top. */
import type { CaseRow } from '../../common/case-types';
import type { Viewer } from '../context';
import { CaseTable } from './case-table';
import { GetNextForm } from './get-next';
import { Page } from './layout';

export function MyWorkPage({ viewer, csrfToken, rows, now, names }: { viewer: Viewer; csrfToken: string; rows: CaseRow[]; now: Date; names: Map<string, string> }) {
  return (
    <Page title="My work" viewer={viewer} csrfToken={csrfToken} current="my-work">
      {viewer.user.roles.some((r) => r !== 'viewer' && r !== 'designer') && <GetNextForm csrfToken={csrfToken} />}
      <section aria-labelledby="assigned-title">
        <h2 id="assigned-title">Cases assigned to you</h2>
        {rows.length === 0 ? (
          <p>
            No open case is assigned to you. Find cases under <a href="/app/cases">Cases</a>, or open one under <a href="/app/cases/new">New case</a>.
          </p>
        ) : (
          <CaseTable rows={rows} caption="Open cases assigned to you, what falls due first at the top" now={now} timeZone={viewer.timeZone} names={names} />
        )}
      </section>
    </Page>
  );
}
