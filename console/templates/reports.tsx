/** The "Reports" page: the portfolio report for a filter and the evaluated cases among it; and one case's report. */
import type { CaseRow } from '../../common/case-types';
import type { Phase } from '../../common/phases';
import type { PortfolioReport, StoredCaseReport } from '../../reports/types';
import type { Viewer } from '../context';
import { casePath } from '../paths';
import { dateTime } from './dates';
import { FormFields, type FieldErrors, type FieldValues, type RenderField } from './form-fields';
import { ErrorSummary } from './forms';
import { Page } from './layout';
import { humanize, phaseName } from './words';

export interface ReportsProps {
  viewer: Viewer;
  csrfToken: string;
  values: FieldValues;
  errors: FieldErrors;
  choices: { teams: string[]; definitions: Array<{ value: string; label: string }> };
  data?: { report: PortfolioReport; cases: CaseRow[] };
  csvHref: string;
}

function fields({ teams, definitions }: ReportsProps['choices']): RenderField[] {
  return [
    { name: 'definition', type: 'enum', label: 'Case type', required: false, blank: 'All case types', values: definitions.map((d) => d.value), options: definitions },
    { name: 'team', type: 'enum', label: 'Team', required: false, blank: 'All teams', values: teams, options: teams.map((t) => ({ value: t, label: t })) },
    { name: 'from', type: 'date', label: 'Opened from', help: 'First day (UTC)', required: false },
    { name: 'to', type: 'date', label: 'Opened to', help: 'Last day (UTC), included', required: false },
  ];
}

function Counts({ caption, counts, name }: { caption: string; counts: Record<string, number>; name: (k: string) => string }) {
  return (
    <table class="figures">
      <caption>{caption}</caption>
      <tbody>
        {Object.entries(counts).map(([k, n]) => (
          <tr>
            <th scope="row">{name(k)}</th>
            <td>{String(n)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const orNone = (v: number | null, unit = '') => (v === null ? 'none yet' : `${v}${unit}`);

export function ReportsPage({ viewer, csrfToken, values, errors, choices, data, csvHref }: ReportsProps) {
  const f = fields(choices);
  const r = data?.report;
  return (
    <Page title="Reports" viewer={viewer} csrfToken={csrfToken} current="reports">
      <ErrorSummary errors={Object.entries(errors).flatMap(([name, ms]) => (ms ?? []).map((message) => ({ target: `field-${name}`, label: f.find((x) => x.name === name)?.label ?? name, message })))} />
      <form method="get" action="/app/reports" class="filters" role="search" aria-label="Choose the cases of the report">
        <FormFields fields={f} values={values} errors={errors} />
        <div class="actions">
          <button type="submit" class="button">
            Show
          </button>
          {r && <a href={csvHref}>Download the portfolio report as CSV</a>}
        </div>
      </form>
      {r && data && (
        <>
          <h2>Portfolio</h2>
          <p>{`${r.cases} case${r.cases === 1 ? '' : 's'} opened in the period; ${r.reported} evaluated, whose reports give the figures below.`}</p>
          <div class="widgets">
            <Counts caption="By phase" counts={r.byPhase} name={(k) => phaseName(k as Phase)} />
            <Counts caption="By risk level" counts={r.byRisk} name={(k) => (k === 'none' ? 'Not assessed' : humanize(k))} />
            <Counts caption="By status" counts={r.byStatus} name={humanize} />
            <Counts caption="Closed, by outcome" counts={r.outcomes} name={humanize} />
          </div>
          <dl class="pairs">
            <div>
              <dt>Cycle time</dt>
              <dd>{`median ${orNone(r.cycleTime.overall.p50, ' h')}, p90 ${orNone(r.cycleTime.overall.p90, ' h')}`}</dd>
            </div>
            <div>
              <dt>Deadlines</dt>
              <dd>{`${r.deadlines.met} met, ${r.deadlines.missed} missed`}</dd>
            </div>
            <div>
              <dt>Follow-ups on time</dt>
              <dd>{`${r.followUps.onTime} of ${r.followUps.done}`}</dd>
            </div>
            <div>
              <dt>Satisfaction</dt>
              <dd>{orNone(r.satisfaction.average)}</dd>
            </div>
            <div>
              <dt>Cost</dt>
              <dd>{`${r.cost.total} in all, ${orNone(r.cost.average)} a case`}</dd>
            </div>
          </dl>
          <h2>Reports of the evaluated cases</h2>
          {data.cases.length === 0 ? (
            <p>No case opened in the period has been evaluated yet.</p>
          ) : (
            <ul>
              {data.cases.map((c) => (
                <li>
                  <a href={`/app/reports/cases/${encodeURIComponent(c.id)}`}>{`${c.title} (${c.id})`}</a>
                  {' · '}
                  <a href={`/app/reports/cases/${encodeURIComponent(c.id)}/csv`} aria-label={`CSV of the report of ${c.id}`}>
                    CSV
                  </a>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </Page>
  );
}

export function CaseReportPage({ viewer, csrfToken, id, report: r }: { viewer: Viewer; csrfToken: string; id: string; report?: StoredCaseReport }) {
  if (!r) {
    return (
      <Page title="No report" viewer={viewer} csrfToken={csrfToken} current="reports">
        <p>{`There is no report of ${id}: a case's report is made when it reaches evaluation.`}</p>
        <a href="/app/reports">All reports</a>
      </Page>
    );
  }
  return (
    <Page title={`Report of ${r.title}`} viewer={viewer} csrfToken={csrfToken} current="reports">
      <p>
        <a href={casePath(r.caseId)}>{`The case ${r.caseId}`}</a>
        {' · '}
        <a href={`/app/reports/cases/${encodeURIComponent(r.caseId)}/csv`}>Download as CSV</a>
      </p>
      <dl class="pairs">
        <div>
          <dt>Opened</dt>
          <dd>{dateTime(r.openedAt, viewer.timeZone)}</dd>
        </div>
        <div>
          <dt>Closed</dt>
          <dd>{r.closedAt ? dateTime(r.closedAt, viewer.timeZone) : 'Not yet'}</dd>
        </div>
        <div>
          <dt>Cycle time</dt>
          <dd>{orNone(r.cycleHours, ' h')}</dd>
        </div>
        <div>
          <dt>Risk</dt>
          <dd>{r.risk ? `${humanize(r.risk.level)} (score ${r.risk.score})` : 'Not assessed'}</dd>
        </div>
        <div>
          <dt>Deadlines</dt>
          <dd>{`${r.deadlines.met} met, ${r.deadlines.missed} missed`}</dd>
        </div>
        <div>
          <dt>Follow-ups</dt>
          <dd>{`${r.followUps.done} done, ${r.followUps.onTime} on time`}</dd>
        </div>
        <div>
          <dt>Satisfaction</dt>
          <dd>{orNone(r.satisfaction)}</dd>
        </div>
        <div>
          <dt>Cost</dt>
          <dd>{orNone(r.cost)}</dd>
        </div>
      </dl>
      <table class="figures">
        <caption>Time per phase</caption>
        <thead>
          <tr>
            <th scope="col">Phase</th>
            <th scope="col">Visits</th>
            <th scope="col">Hours</th>
          </tr>
        </thead>
        <tbody>
          {r.phases.map((p) => (
            <tr>
              <th scope="row">{phaseName(p.phase)}</th>
              <td>{String(p.visits)}</td>
              <td>{String(p.hours)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Page>
  );
}
