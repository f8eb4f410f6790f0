/** The "Dashboard" page: filters, then each widget as a chart and a table whose every figure links to its cases. */
import type { Viewer } from '../context';
import type { DashboardData, Figure } from '../routes/dashboard-data';
import { FormFields, type FieldErrors, type FieldValues, type RenderField } from './form-fields';
import { ErrorSummary } from './forms';
import { Page } from './layout';
import { phaseName, riskName } from './words';

export interface DashboardProps {
  viewer: Viewer;
  csrfToken: string;
  values: FieldValues;
  errors: FieldErrors;
  choices: { teams: string[]; definitions: Array<{ value: string; label: string }> };
  data?: DashboardData;
  csvHref: string;
}

function filterFields({ teams, definitions }: DashboardProps['choices']): RenderField[] {
  return [
    { name: 'team', type: 'enum', label: 'Team', required: false, blank: 'All teams', values: teams, options: teams.map((t) => ({ value: t, label: t })) },
    { name: 'definition', type: 'enum', label: 'Case type', required: false, blank: 'All case types', values: definitions.map((d) => d.value), options: definitions },
    { name: 'from', type: 'date', label: 'Period from', help: 'First day (UTC)', required: false },
    { name: 'to', type: 'date', label: 'Period to', help: 'Last day (UTC), included', required: false },
  ];
}

/** A bar chart drawn in the browser by the chart library; the table beside it carries the same figures and their links. */
function Chart({ id, figures, label }: { id: string; figures: Figure[]; label: string }) {
  const data = JSON.stringify({ labels: figures.map((f) => f.label), values: figures.map((f) => f.value), hrefs: figures.map((f) => f.href) });
  return <div class="chart" id={`chart-${id}`} data-chart={data} data-label={label} aria-hidden="true"></div>;
}

function FigureTable({ caption, figures, name, head }: { caption: string; figures: Figure[]; name: (label: string) => string; head: string }) {
  return (
    <table class="figures">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{head}</th>
          <th scope="col">Cases</th>
        </tr>
      </thead>
      <tbody>
        {figures.map((f) => (
          <tr>
            <th scope="row">{name(f.label)}</th>
            <td>
              <a href={f.href} aria-label={`${f.value} cases: ${name(f.label)}`}>
                {String(f.value)}
              </a>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Widget({ id, title, figures, name, head }: { id: string; title: string; figures: Figure[]; name: (label: string) => string; head: string }) {
  const named = figures.map((f) => ({ ...f, label: name(f.label) }));
  return (
    <section class="widget" aria-labelledby={`w-${id}`}>
      <h2 id={`w-${id}`}>{title}</h2>
      <Chart id={id} figures={named} label={title} />
      <FigureTable caption={title} figures={figures} name={name} head={head} />
    </section>
  );
}

const hours = (h: number | null) => (h === null ? 'none yet' : `${h} h`);
const percent = (r: number | null) => (r === null ? 'none yet' : `${Math.round(r * 1000) / 10}%`);

function Tile({ figure }: { figure: Figure }) {
  return (
    <li class="tile">
      <a href={figure.href} aria-label={`${figure.value} cases: ${figure.label}`}>
        <span class="tile-value">{String(figure.value)}</span> <span class="tile-label">{figure.label}</span>
      </a>
    </li>
  );
}

export function DashboardPage({ viewer, csrfToken, values, errors, choices, data, csvHref }: DashboardProps) {
  const fields = filterFields(choices);
  const p = data?.portfolio;
  return (
    <Page title="Dashboard" viewer={viewer} csrfToken={csrfToken} current="dashboard" scripts={['/app/static/uplot.iife.min.js', '/app/static/dashboard.js']} styles={['/app/static/uplot.min.css']}>
      <ErrorSummary errors={Object.entries(errors).flatMap(([name, messages]) => (messages ?? []).map((message) => ({ target: `field-${name}`, label: fields.find((f) => f.name === name)?.label ?? name, message })))} />
      <form method="get" action="/app/dashboard" class="filters" role="search" aria-label="Filter the dashboard">
        <FormFields fields={fields} values={values} errors={errors} />
        <div class="actions">
          <button type="submit" class="button">
            Show
          </button>
          <a href="/app/dashboard">Clear filters</a>
          {data && <a href={csvHref}>Download CSV</a>}
        </div>
      </form>
      {data && p && (
        <>
          <section aria-labelledby="w-deadlines">
            <h2 id="w-deadlines">Deadlines</h2>
            <ul class="tiles">
              <Tile figure={data.overdue} />
              <Tile figure={data.breached} />
              <Tile figure={data.dueThisWeek} />
            </ul>
          </section>
          <div class="widgets">
            <Widget id="phase" title="Open cases by phase" figures={data.openByPhase} name={(l) => phaseName(l as never)} head="Phase" />
            <Widget id="risk" title="Open cases by risk level" figures={data.openByRisk} name={riskName_} head="Risk level" />
            <Widget id="opened" title="Cases opened per week" figures={data.openedPerWeek} name={(l) => l} head="Week" />
            <Widget id="closed" title="Cases closed per week" figures={data.closedPerWeek} name={(l) => l} head="Week" />
          </div>
          <section aria-labelledby="w-cycle">
            <h2 id="w-cycle">Cycle time per phase</h2>
            <p>Each phase counts the cases that completed it in the period, whenever they were opened: the hours of their visits to it that ended then.</p>
            <table class="figures">
              <caption>Cycle time per phase, over the phases completed in the period</caption>
              <thead>
                <tr>
                  <th scope="col">Phase</th>
                  <th scope="col">Cases that completed it</th>
                  <th scope="col">Median (p50)</th>
                  <th scope="col">p90</th>
                </tr>
              </thead>
              <tbody>
                {data.cycleTimes.map((c) => (
                  <tr>
                    <th scope="row">{phaseName(c.phase)}</th>
                    <td>
                      <a href={c.cases.href} aria-label={`Cases that completed ${phaseName(c.phase)} in the period: ${c.cases.value}`}>
                        {String(c.cases.value)}
                      </a>
                    </td>
                    <td>
                      <a href={c.cases.href} aria-label={`Median ${phaseName(c.phase)}: ${hours(c.p50)}, the cases`}>
                        {hours(c.p50)}
                      </a>
                    </td>
                    <td>
                      <a href={c.cases.href} aria-label={`p90 ${phaseName(c.phase)}: ${hours(c.p90)}, the cases`}>
                        {hours(c.p90)}
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section aria-labelledby="w-reported">
            <h2 id="w-reported">Cases evaluated, opened in the period</h2>
            <p>
              {'From the reports of '}
              <a href={data.reportedHref}>{`${p.reported} case${p.reported === 1 ? '' : 's'}`}</a>
              {' opened in the period and evaluated since (the portfolio report).'}
            </p>
            <dl class="pairs">
              <div>
                <dt>Follow-ups on time</dt>
                <dd>
                  <a href={data.reportedHref}>{`${percent(p.followUps.compliance)} (${p.followUps.onTime} of ${p.followUps.done})`}</a>
                </dd>
              </div>
              <div>
                <dt>Satisfaction</dt>
                <dd>
                  <a href={data.reportedHref}>{p.satisfaction.average === null ? 'none yet' : `${p.satisfaction.average} average of ${p.satisfaction.responses}`}</a>
                </dd>
              </div>
              <div>
                <dt>Cost</dt>
                <dd>
                  <a href={data.reportedHref}>{`${p.cost.total} in all${p.cost.average === null ? '' : `, ${p.cost.average} a case`}`}</a>
                </dd>
              </div>
            </dl>
          </section>
        </>
      )}
    </Page>
  );
}

const riskName_ = (l: string) => (l === 'none' ? 'Not assessed' : riskName(l));
