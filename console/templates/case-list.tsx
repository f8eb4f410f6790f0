/** The "Cases" page: search and filters (kept in the URL), the results a page at a time, and saved views. */
import type { CaseRow } from '../../common/case-types';
import type { SavedView } from '../../store/saved-views';
import type { Viewer } from '../context';
import { CaseTable } from './case-table';
import { FormFields, type FieldErrors, type FieldValues, type RenderField } from './form-fields';
import { ErrorSummary, Notice, PostForm } from './forms';
import { Page } from './layout';
import { LIVE_SECONDS, refreshHeaders } from './live';

export interface CaseListProps {
  viewer: Viewer;
  csrfToken: string;
  filterFields: RenderField[];
  values: FieldValues;
  errors: FieldErrors;
  rows: CaseRow[];
  /** How many cases match in all, on every page. */
  total?: number;
  /** Filters set by a link (the dashboard's), kept as they are when the form is sent again. */
  linkFilters?: Array<{ name: string; value: string }>;
  now: Date;
  names: Map<string, string>;
  /** Links to the next page and back to the first, keeping the filter. */
  nextHref?: string;
  firstHref?: string;
  /** This list's own address, to refresh it from. */
  selfHref: string;
  views: SavedView[];
  saveFields: RenderField[];
  saveValues?: FieldValues;
  saveErrors?: FieldErrors;
  /** The filter as a query string, as a saved view keeps it. */
  query: string;
  notice?: string;
}

export function CaseResults({ rows, total, now, viewer, names, nextHref, firstHref, errors, selfHref }: Pick<CaseListProps, 'rows' | 'total' | 'now' | 'viewer' | 'names' | 'nextHref' | 'firstHref' | 'errors' | 'selfHref'>) {
  const invalid = Object.keys(errors).length > 0;
  // The results ask for themselves again every few seconds, so that changes made elsewhere show (see live.tsx).
  return (
    <section id="results" aria-labelledby="results-title" data-live="" hx-get={selfHref} hx-trigger={`every ${LIVE_SECONDS}s`} hx-swap="outerHTML" hx-headers={refreshHeaders}>
      <h2 id="results-title">Results</h2>
      <p role="status" class="result-count">
        {invalid ? 'Fix the filter to see cases.' : rows.length === 0 ? 'No cases match.' : `Showing ${rows.length} case${rows.length === 1 ? '' : 's'}${nextHref ? '; there are more on the next page' : ''}.`}
      </p>
      {!invalid && total !== undefined && <p class="result-total">{`${total} case${total === 1 ? '' : 's'} in all.`}</p>}
      {rows.length > 0 && <CaseTable rows={rows} caption="Cases matching the filter" now={now} timeZone={viewer.timeZone} names={names} />}
      {(nextHref || firstHref) && (
        <nav aria-label="Pages" class="pager">
          {firstHref && <a href={firstHref}>First page</a>}
          {nextHref && <a href={nextHref}>Next page</a>}
        </nav>
      )}
    </section>
  );
}

function SavedViews({ views, viewer, csrfToken }: { views: SavedView[]; viewer: Viewer; csrfToken: string }) {
  if (views.length === 0) return <p>No saved views yet. Filter the list, then save it below.</p>;
  return (
    <ul class="views">
      {views.map((v) => (
        <li>
          <a href={`/app/cases${v.query ? `?${v.query}` : ''}`}>{v.name}</a>
          {v.team && <span class="muted">{` shared with ${v.team}`}</span>}
          {v.ownerId !== viewer.user.id && <span class="muted">{` by ${v.ownerId}`}</span>}
          {v.ownerId === viewer.user.id && (
            <PostForm action={`/app/views/${v.id}/delete`} csrfToken={csrfToken} class="inline-form">
              <button type="submit" class="link-button" aria-label={`Remove the view ${v.name}`}>
                Remove
              </button>
            </PostForm>
          )}
        </li>
      ))}
    </ul>
  );
}

export function CaseListPage(props: CaseListProps) {
  const { viewer, csrfToken, filterFields, values, errors, views, saveFields, saveValues, saveErrors, query, notice, linkFilters = [] } = props;
  const back = `/app/cases${query ? `?${query}` : ''}`;
  return (
    <Page title="Cases" viewer={viewer} csrfToken={csrfToken} current="cases">
      <Notice text={notice} />
      <ErrorSummary errors={Object.entries(errors).flatMap(([name, messages]) => (messages ?? []).map((message) => ({ target: `field-${name}`, label: filterFields.find((f) => f.name === name)?.label ?? name, message })))} />
      <form method="get" action="/app/cases" class="filters" role="search" aria-label="Filter cases" hx-get="/app/cases" hx-target="#results" hx-select="#results" hx-swap="outerHTML" hx-push-url="true" hx-trigger="submit, change from:select">
        <FormFields fields={filterFields} values={values} errors={errors} />
        {linkFilters.length > 0 && (
          <p class="link-filters">
            {`Also filtered by ${linkFilters.map((f) => `${f.name} = ${f.value}`).join(', ')}.`}
            {linkFilters.map((f) => (
              <input type="hidden" name={f.name} value={f.value} />
            ))}
          </p>
        )}
        <div class="actions">
          <button type="submit" class="button">
            Apply filters
          </button>
          <a href="/app/cases">Clear filters</a>
        </div>
      </form>
      <CaseResults {...props} />
      <section aria-labelledby="views-title">
        <h2 id="views-title">Saved views</h2>
        <SavedViews views={views} viewer={viewer} csrfToken={csrfToken} />
        <PostForm action="/app/views" csrfToken={csrfToken} back={back} class="save-view" label="Save this view">
          <input type="hidden" name="query" value={query} />
          <FormFields fields={saveFields} values={saveValues} errors={saveErrors} prefix="view" />
          <button type="submit" class="button button-secondary">
            Save view
          </button>
        </PostForm>
      </section>
    </Page>
  );
}
