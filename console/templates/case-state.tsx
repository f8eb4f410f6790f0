/**
 * Where a case stands, as its page shows it: the header, the phase bar, the risk, the plan and its
 * tasks, follow-ups and deadlines. Each a typed function of the case's view.
 */
import type { CaseView, DeadlineState, FollowUp } from '../../common/case-view';
import { PHASES, type CaseStatus } from '../../common/phases';
import { DueMark } from './case-table';
import { dateTime } from './dates';
import { humanize, phaseName, riskName, statusName } from './words';

export function CaseHeader({ view, tz, person }: { view: CaseView; tz: string; person: (id?: string) => string }) {
  const items: Array<[string, preact.ComponentChild]> = [
    ['Case id', view.id],
    ['Status', statusName(view.status)],
    ['Phase', phaseName(view.phase)],
    ['Assignee', person(view.assignee)],
    ['Team', view.team],
    ['Risk level', riskName(view.risk?.level)],
    ['Opened', <time dateTime={view.openedAt}>{dateTime(view.openedAt, tz)}</time>],
  ];
  if (view.subject) items.push(['Subject', view.subject]);
  if (view.hold) items.push(['On hold since', <><time dateTime={view.hold.since}>{dateTime(view.hold.since, tz)}</time>{`: ${view.hold.reason}`}</>]);
  if (view.closedAt) items.push(['Closed', <><time dateTime={view.closedAt}>{dateTime(view.closedAt, tz)}</time>{view.closeReason ? `: ${view.closeReason}` : view.closure ? `: ${humanize(view.closure)}` : ''}</>]);
  return (
    <dl class="case-header" aria-label="Case">
      {items.map(([term, value]) => (
        <div>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

const times = (n: number) => (n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`);

/** The phases in their order: where the case is, where it has been and how often, where it has not been. */
export function PhaseBar({ view }: { view: CaseView }) {
  const loops = view.loops.reassessments + view.loops.replans;
  return (
    <div class="phase-bar-wrap">
      <ol class="phase-bar" aria-label="Phases of the case">
        {PHASES.map((phase) => {
          const visits = view.visits.filter((v) => v.phase === phase).length;
          const current = phase === view.phase;
          const state = current ? 'now' : visits > 0 ? (visits > 1 ? `visited ${times(visits)}` : 'done') : 'not reached';
          const risk = phase === 'assessment' && view.risk ? `, risk ${view.risk.level}` : '';
          return (
            <li class={`phase phase-${current ? 'current' : visits > 0 ? 'visited' : 'ahead'}`} aria-current={current ? 'step' : undefined}>
              <span class="phase-name">{`${phaseName(phase)}${risk}`}</span>
              <span class="phase-state">{state}</span>
            </li>
          );
        })}
      </ol>
      <p class="muted">
        {loops === 0
          ? 'The case has not looped back.'
          : `The case looped back ${times(loops)}: assessed again ${times(view.loops.reassessments)}, planned again ${times(view.loops.replans)}.`.replace(/ 0 times/g, ' no times')}
      </p>
    </div>
  );
}

export function RiskSection({ view, tz, person }: { view: CaseView; tz: string; person: (id?: string) => string }) {
  const risk = view.risk;
  return (
    <section aria-labelledby="risk-title">
      <h2 id="risk-title">Risk</h2>
      {!risk ? (
        <p>No assessment recorded yet.</p>
      ) : (
        <>
          <dl class="pairs">
            <div>
              <dt>Level</dt>
              <dd>{`${riskName(risk.level)}${risk.level !== risk.computedLevel ? ` (the rules gave ${risk.computedLevel})` : ''}`}</dd>
            </div>
            <div>
              <dt>Score</dt>
              <dd>{String(risk.score)}</dd>
            </div>
          </dl>
          <h3>Reasons</h3>
          {risk.reasons.length === 0 ? <p>No risk factor holds.</p> : <ul>{risk.reasons.map((r) => <li>{r}</li>)}</ul>}
          {risk.overrides.length > 0 && (
            <>
              <h3>Overrides</h3>
              <ul>
                {risk.overrides.map((o) => (
                  <li>
                    {`From ${o.from} to ${o.to} by ${person(o.by)} on `}
                    <time dateTime={o.at}>{dateTime(o.at, tz)}</time>
                    {`: ${o.reason}`}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  );
}

/** A span of time in words, to the minute: "2 days 3 hours", "5 minutes". */
export function span(ms: number): string {
  const minutes = Math.max(1, Math.round(Math.abs(ms) / 60_000));
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const parts = [d && `${d} day${d === 1 ? '' : 's'}`, h && `${h} hour${h === 1 ? '' : 's'}`, !d && m && `${m} minute${m === 1 ? '' : 's'}`].filter(Boolean);
  return parts.join(' ');
}

export function deadlineState(d: DeadlineState, status: CaseStatus, now: Date): string {
  if (d.endedAt !== undefined) return d.met ? 'Met' : 'Missed';
  if (status === 'on_hold') return 'Stopped while on hold';
  const left = Date.parse(d.dueAt) - now.getTime();
  if (d.breached || left < 0) return `Missed: overdue by ${span(left)}`;
  return `${span(left)} left`;
}

function followUpState(f: FollowUp): string {
  if (f.cancelled) return 'Not needed: the case left the plan';
  if (f.recordedAt) return `Recorded: ${humanize(f.outcome ?? 'done')}${f.onTime === false ? ', late' : ''}`;
  if (f.escalated) return 'Escalated: not recorded in its window';
  return f.madeDueAt ? 'Due now' : 'Pending';
}

/** An ISO 8601 duration in words: P3D → "3 days", PT20S → "20 seconds"; as written when it is not one. */
export function durationWords(iso: string): string {
  const m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(iso);
  if (!m) return iso;
  const names = ['week', 'day', 'hour', 'minute', 'second'];
  const parts = m.slice(1).flatMap((v, i) => (v ? [`${v} ${names[i]}${v === '1' ? '' : 's'}`] : []));
  return parts.length ? parts.join(' ') : iso;
}

export function DueSection({ view, now, tz, window }: { view: CaseView; now: Date; tz: string; window?: string }) {
  return (
    <section aria-labelledby="due-title">
      <h2 id="due-title">Deadlines and follow-ups</h2>
      {view.deadlines.length === 0 && view.followUps.length === 0 ? (
        <p>Nothing is due on this case.</p>
      ) : (
        <ul class="due-list">
          {view.deadlines.map((d) => (
            <li>
              {`${phaseName(d.phase)} deadline, due `}
              <DueMark dueAt={d.dueAt} now={now} timeZone={tz} />
              {`: ${deadlineState(d, view.status, now)}`}
              {d.explain && <span class="why">{` (${d.explain})`}</span>}
              {(d.extensions ?? []).length > 0 && (
                <ul>
                  {(d.extensions ?? []).map((x) => (
                    <li>{`Extended by ${x.by}: ${x.reason}`}</li>
                  ))}
                </ul>
              )}
            </li>
          ))}
          {view.followUps.map((f) => (
            <li>
              {`Follow-up ${f.n}, due `}
              <DueMark dueAt={f.madeDueAt ?? f.dueAt} now={now} timeZone={tz} />
              {`${window ? `, to be recorded within ${durationWords(window)}` : ''}: ${followUpState(f)}`}
              {f.explain && <span class="why">{` (${f.explain})`}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
