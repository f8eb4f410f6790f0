/** A table of cases, as the case list and My work show them; on a narrow screen each row stacks. */
import type { CaseRow } from '../../common/case-types';
import { casePath } from '../paths';
import { dateTime } from './dates';
import { phaseName, riskName, statusName } from './words';

const SOON_MS = 2 * 24 * 3600_000;

export function DueMark({ dueAt, now, timeZone }: { dueAt?: string; now: Date; timeZone: string }) {
  if (!dueAt) return <span class="muted">Nothing due</span>;
  const left = Date.parse(dueAt) - now.getTime();
  const mark = left < 0 ? 'Overdue' : left < SOON_MS ? 'Due soon' : undefined;
  return (
    <>
      <time dateTime={dueAt}>{dateTime(dueAt, timeZone)}</time>
      {mark && <strong class={`tag ${left < 0 ? 'tag-overdue' : 'tag-soon'}`}>{mark}</strong>}
    </>
  );
}

export function CaseTable({ rows, caption, now, timeZone, names }: { rows: CaseRow[]; caption: string; now: Date; timeZone: string; names: Map<string, string> }) {
  return (
    <table class="cases">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Case</th>
          <th scope="col">Phase</th>
          <th scope="col">Status</th>
          <th scope="col">Risk</th>
          <th scope="col">Assignee</th>
          <th scope="col">Team</th>
          <th scope="col">Due</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr>
            <td data-label="Case">
              <a href={casePath(r.id)}>{r.title}</a>
              <span class="case-id">{r.id}</span>
            </td>
            <td data-label="Phase">{phaseName(r.phase)}</td>
            <td data-label="Status">{statusName(r.status)}</td>
            <td data-label="Risk">{riskName(r.riskLevel)}</td>
            <td data-label="Assignee">{r.assignee ? (names.get(r.assignee) ?? r.assignee) : <span class="muted">Nobody</span>}</td>
            <td data-label="Team">{r.team}</td>
            <td data-label="Due">
              <DueMark dueAt={r.dueAt} now={now} timeZone={timeZone} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
