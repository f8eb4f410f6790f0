/** The designers' pages: definitions and their versions, a diff, and the editor with its checks, picture, form previews, Try panel and Publish. */
import type { ComponentChildren } from 'preact';
import YAML from 'yaml';
import type { Definition } from '../../common/definition-schema';
import { PHASES, RISK_LEVELS, type Phase } from '../../common/phases';
import type { DefinitionChange } from '../../definitions/diff';
import type { DefinitionProblem } from '../../definitions/definition-text';
import type { RiskResult, ScreeningResult } from '../../definitions/expressions';
import type { DefinitionVersionInfo } from '../../store/definitions';
import type { DefinitionDraft } from '../../store/definition-drafts';
import type { Starter } from '../../definitions/starters';
import type { Viewer } from '../context';
import { dateTime } from './dates';
import { FormFields, type FieldErrors } from './form-fields';
import { FieldError, Notice, PostForm } from './forms';
import { Page } from './layout';
import { humanize, phaseName } from './words';

export type Problem = DefinitionProblem & { line?: number };
export interface Checked {
  problems: Problem[];
  definition?: Definition;
}

const show = (v: unknown) => (v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));

function Changes({ changes, caption }: { changes: DefinitionChange[]; caption: string }) {
  if (changes.length === 0) return <p>{`${caption}: no change.`}</p>;
  return (
    <table class="figures">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Where</th>
          <th scope="col">Change</th>
          <th scope="col">Was</th>
          <th scope="col">Is</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((c) => (
          <tr>
            <td data-label="Where">
              <code>{c.path}</code>
            </td>
            <td data-label="Change" class={c.change === 'added' ? 'diff-added' : c.change === 'removed' ? 'diff-removed' : undefined}>
              {c.change}
            </td>
            <td data-label="Was">{show(c.from)}</td>
            <td data-label="Is">{show(c.to)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export interface DefinitionsProps {
  viewer: Viewer;
  csrfToken: string;
  items: Array<{ key: string; name: string; versions: DefinitionVersionInfo[]; notes: Map<number, string>; draft?: DefinitionDraft }>;
  /** The designer's drafts of new definitions, not published yet. */
  drafts?: DefinitionDraft[];
  notice?: string;
}

function VersionChoice({ id, label, name, versions, value }: { id: string; label: string; name: string; versions: number[]; value?: number }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} name={name}>
        {versions.map((v) => (
          <option value={String(v)} selected={v === value}>{`Version ${v}`}</option>
        ))}
      </select>
    </div>
  );
}

export function DefinitionsPage({ viewer, csrfToken, items, drafts = [], notice }: DefinitionsProps) {
  return (
    <Page title="Definitions" viewer={viewer} csrfToken={csrfToken} current="definitions">
      <Notice text={notice} />
      <p>
        <a href="/app/definitions/new" class="button">
          New definition
        </a>
      </p>
      {drafts.length > 0 && (
        <section aria-labelledby="new-drafts">
          <h2 id="new-drafts">Your new definitions, not published yet</h2>
          <ul>
            {drafts.map((d) => (
              <li>
                <a href={`/app/definitions/${d.key}/edit`}>{`Edit ${d.key}: your draft, saved ${dateTime(d.updatedAt, viewer.timeZone)}`}</a>
              </li>
            ))}
          </ul>
        </section>
      )}
      {items.length === 0 && <p>No definition belongs to your teams yet; begin one with New definition.</p>}
      {items.map((d) => {
        const numbers = d.versions.map((v) => v.version);
        return (
          <section aria-labelledby={`def-${d.key}`}>
            <h2 id={`def-${d.key}`}>{`${d.name} (${d.key})`}</h2>
            <p>
              <a href={`/app/definitions/${d.key}/edit`}>{d.draft ? `Edit ${d.name}: your draft, begun from version ${d.draft.baseVersion}` : `Edit ${d.name}`}</a>
            </p>
            {numbers.length > 1 && (
              <p>
                <a href={`/app/definitions/${d.key}/moves`}>{`Move running cases of ${d.name} to a newer version`}</a>
              </p>
            )}
            <table class="figures">
              <caption>{`Versions of ${d.name}`}</caption>
              <thead>
                <tr>
                  <th scope="col">Version</th>
                  <th scope="col">Published</th>
                  <th scope="col">By</th>
                  <th scope="col">Change note</th>
                </tr>
              </thead>
              <tbody>
                {[...d.versions].reverse().map((v) => (
                  <tr>
                    <td data-label="Version">{String(v.version)}</td>
                    <td data-label="Published">{dateTime(v.createdAt, viewer.timeZone)}</td>
                    <td data-label="By">{v.createdBy}</td>
                    <td data-label="Change note">{d.notes.get(v.version) ?? <span class="muted">None recorded</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {numbers.length > 1 && (
              <form method="get" action={`/app/definitions/${d.key}/diff`} class="filters" aria-label={`Compare versions of ${d.name}`}>
                <VersionChoice id={`from-${d.key}`} label="Compare version" name="from" versions={numbers} value={numbers[numbers.length - 2]} />
                <VersionChoice id={`to-${d.key}`} label="With version" name="to" versions={numbers} value={numbers[numbers.length - 1]} />
                <div class="actions">
                  <button type="submit" class="button button-secondary">
                    Compare
                  </button>
                </div>
              </form>
            )}
          </section>
        );
      })}
    </Page>
  );
}

export interface NewDefinitionProps {
  viewer: Viewer;
  csrfToken: string;
  starters: readonly Starter[];
  /** What was typed, shown again when refused. */
  values: Partial<Record<'key' | 'name' | 'starter', string>>;
  /** An error per field, shown beside it. */
  errors?: Partial<Record<'key' | 'name' | 'starter', string>>;
}

/** A new definition: its key, name and the starter template it begins from; then the editor, as for any draft. */
export function NewDefinitionPage({ viewer, csrfToken, starters, values, errors = {} }: NewDefinitionProps) {
  const described = (field: 'key' | 'name' | 'starter', hint?: string) => {
    const ids = [hint, errors[field] ? `field-${field}-error` : undefined].filter(Boolean).join(' ');
    return { ...(ids ? { 'aria-describedby': ids } : {}), ...(errors[field] ? { 'aria-invalid': 'true' as const } : {}) };
  };
  const count = Object.keys(errors).length;
  return (
    <Page title="New definition" viewer={viewer} csrfToken={csrfToken} current="definitions">
      {count > 0 && <Notice kind="error" text={`The definition was not begun: ${count === 1 ? 'one field needs' : `${count} fields need`} a change.`} />}
      <PostForm action="/app/definitions/new" csrfToken={csrfToken} back="/app/definitions" label="Begin a new definition">
        <div class={`field${errors.key ? ' field-invalid' : ''}`}>
          <label for="field-key">Key</label>
          <p class="hint" id="field-key-hint">
            2 to 40 lower-case letters, digits and -, such as housing-support; cases are numbered under it, and it cannot change.
          </p>
          <FieldError id="field-key-error" text={errors.key} />
          <input id="field-key" name="key" type="text" value={values.key ?? ''} autocomplete="off" spellcheck={false} {...described('key', 'field-key-hint')} />
        </div>
        <div class={`field${errors.name ? ' field-invalid' : ''}`}>
          <label for="field-name">Name</label>
          <FieldError id="field-name-error" text={errors.name} />
          <input id="field-name" name="name" type="text" value={values.name ?? ''} {...described('name')} />
        </div>
        <fieldset class={`field${errors.starter ? ' field-invalid' : ''}`} {...(errors.starter ? { 'aria-describedby': 'field-starter-error' } : {})}>
          <legend>Begin from</legend>
          <FieldError id="field-starter-error" text={errors.starter} />
          {starters.map((st) => (
            <label class="choice">
              <input type="radio" name="starter" value={st.id} checked={values.starter === st.id} />
              {st.label}
            </label>
          ))}
        </fieldset>
        <p>The draft is saved on the server and checked as you edit it; nothing is published until you publish it with a change note.</p>
        <div class="actions">
          <button type="submit" class="button">
            Begin the draft
          </button>
          <a href="/app/definitions">All definitions</a>
        </div>
      </PostForm>
    </Page>
  );
}

export interface DiffProps {
  viewer: Viewer;
  csrfToken: string;
  key: string;
  versions: number[];
  from: number;
  to: number;
  notes: Map<number, string>;
  changes: DefinitionChange[];
  problem?: string;
}

export function DiffPage({ viewer, csrfToken, key, versions, from, to, notes, changes, problem }: DiffProps) {
  return (
    <Page title={`Changes to ${key}`} viewer={viewer} csrfToken={csrfToken} current="definitions">
      <Notice text={problem} kind="error" />
      <form method="get" action={`/app/definitions/${key}/diff`} class="filters" aria-label="Choose the versions">
        <VersionChoice id="from" label="Compare version" name="from" versions={versions} value={from} />
        <VersionChoice id="to" label="With version" name="to" versions={versions} value={to} />
        <div class="actions">
          <button type="submit" class="button button-secondary">
            Compare
          </button>
          <a href="/app/definitions">All definitions</a>
        </div>
      </form>
      {!problem && (
        <>
          <p>{`Version ${from}: ${notes.get(from) ?? 'no change note'}. Version ${to}: ${notes.get(to) ?? 'no change note'}.`}</p>
          <Changes changes={changes} caption={`From version ${from} to version ${to}`} />
        </>
      )}
    </Page>
  );
}

const KNOWN_KEYS = new Set(['key', 'name', 'description', 'model', 'team', 'forms', 'screening', 'risk', 'planning', 'follow_up', 'transition', 'contact', 'deadlines', 'notifications', 'calendar', 'reopen', 'retention', 'personal_data', 'routing']);

type TaskTemplate = Definition['planning']['low']['tasks'][number];
const needs = (list?: Array<{ name: string; level: number }>) => (list ?? []).map((c) => `${c.name} ${c.level}`).join(', ');
const roleName = (r: string) => humanize(r).toLowerCase();

/** One plan task template in words: who, when, and what it asks of whoever takes it or opens. */
function taskWords(t: TaskTemplate): string {
  const parts = [`${roleName(t.role)}, due ${t.due} after the plan`, t.required ? 'required' : 'optional'];
  if (t.requires?.length) parts.push(`requires ${needs(t.requires)}`);
  if (t.prefers?.length) parts.push(`prefers ${needs(t.prefers)}`);
  if (t.child) {
    const mapped = Object.entries(t.child.intake).map(([to, from]) => `${to} from ${from}`);
    parts.push(`opens a child case of ${t.child.definition}${mapped.length ? ` (intake: ${mapped.join(', ')})` : ''}`);
  }
  return `${t.title}: ${parts.join('; ')}`;
}

/** The keys about a case's life beyond its phases: calendar, reopening, retention, personal data, routing. */
function Lifecycle({ d }: { d: Definition }) {
  const routing = Object.entries(d.routing ?? {}) as Array<[string, { owner?: string; tasks?: string }]>;
  return (
    <section aria-labelledby="picture-lifecycle">
      <h3 id="picture-lifecycle">Lifecycle</h3>
      <dl class="pairs">
        <div>
          <dt>Calendar</dt>
          <dd>{d.calendar ?? 'None: durations count calendar time'}</dd>
        </div>
        <div>
          <dt>Reopening (reopen)</dt>
          <dd>{d.reopen ? `By ${d.reopen.roles.map(roleName).join(', ')} within ${d.reopen.within} of closing; resumes at ${phaseName(d.reopen.phase)}; cases closed as ${d.reopen.closures.map((c) => humanize(c).toLowerCase()).join(', ')}` : 'Not set: closed cases are not reopened'}</dd>
        </div>
        <div>
          <dt>Retention (retention)</dt>
          <dd>{d.retention ? `Keep ${d.retention.keep} after closing; destruction approved by ${d.retention.approver ? `${roleName(d.retention.approver)} or admin` : 'admin'}; legal holds by ${d.retention.hold_roles.map(roleName).join(', ')}` : 'Not set: closed cases are kept'}</dd>
        </div>
        <div>
          <dt>Personal data (personal_data)</dt>
          <dd>{d.personal_data ? `Identified by the intake field ${d.personal_data.identifier}` : 'Not set: no intake field identifies the person'}</dd>
        </div>
      </dl>
      {routing.length === 0 ? (
        <p>Routing: not set; owners and tasks stay as people assign them.</p>
      ) : (
        <table class="figures">
          <caption>Routing per phase (routing)</caption>
          <thead>
            <tr>
              <th scope="col">Phase</th>
              <th scope="col">Owner</th>
              <th scope="col">New tasks</th>
            </tr>
          </thead>
          <tbody>
            {routing.map(([phase, r]) => (
              <tr>
                <th scope="row">{phaseName(phase as Phase)}</th>
                <td data-label="Owner">{r.owner ? humanize(r.owner).toLowerCase() : 'as it is'}</td>
                <td data-label="New tasks">{r.tasks ? humanize(r.tasks).toLowerCase() : 'as they are'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h4>Plan tasks per risk level</h4>
      {RISK_LEVELS.map((l) => (
        <ul aria-label={`Plan tasks, ${l} risk`}>
          {d.planning[l].tasks.map((t) => (
            <li>{`${humanize(l)} risk: ${taskWords(t)}`}</li>
          ))}
        </ul>
      ))}
    </section>
  );
}

/** The definition drawn: its phases in order and which are on, approvals, cadences, deadlines, notifications, and any other setting. */
export function Picture({ d }: { d: Definition }) {
  const approvals = RISK_LEVELS.filter((l) => d.planning[l].approval);
  const on = (p: string) => (p === 'transition' ? d.transition.enabled : p === 'contact' ? d.contact.enabled : p === 'approval' ? approvals.length > 0 : true);
  const other = Object.entries(d).filter(([k]) => !KNOWN_KEYS.has(k));
  return (
    <section class="picture" aria-labelledby="picture">
      <h2 id="picture">{`Picture of ${d.name}`}</h2>
      <ol aria-label="Phases in order">
        {PHASES.map((p) => {
          const deadline = (d.deadlines as Record<string, { within: string; remind_before?: string; escalate_to?: string } | undefined>)[p];
          return (
            <li>
              <strong>{phaseName(p)}</strong>
              {on(p) ? '' : ' (off)'}
              {p === 'approval' && approvals.length > 0 && ` for ${approvals.join(' and ')} risk plans`}
              {p === 'contact' && d.contact.enabled && ` ${d.contact.delay} after the transition`}
              {deadline && ` · deadline ${deadline.within}${deadline.remind_before ? `, reminder ${deadline.remind_before} before` : ''}${deadline.escalate_to ? `, escalates to ${deadline.escalate_to}` : ''}`}
            </li>
          );
        })}
      </ol>
      <table class="figures">
        <caption>Per risk level</caption>
        <thead>
          <tr>
            <th scope="col">Risk level</th>
            <th scope="col">Follow-up every</th>
            <th scope="col">Plan approval</th>
            <th scope="col">Plan template</th>
          </tr>
        </thead>
        <tbody>
          {RISK_LEVELS.map((l) => (
            <tr>
              <th scope="row">{humanize(l)}</th>
              <td data-label="Follow-up every">{d.follow_up.cadence[l]}</td>
              <td data-label="Plan approval">{d.planning[l].approval ? 'Needed' : 'Not needed'}</td>
              <td data-label="Plan template">{`${d.planning[l].goals.length} goals, ${d.planning[l].tasks.length} tasks`}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>{`Screening: ${d.screening.rules.length} rule${d.screening.rules.length === 1 ? '' : 's'}. Risk: ${d.risk.factors.length} factor${d.risk.factors.length === 1 ? '' : 's'}, ${d.risk.levels.length} level rule${d.risk.levels.length === 1 ? '' : 's'}, overridden by ${d.risk.override_role}. Follow-ups may wait ${d.follow_up.window} before they escalate to ${d.follow_up.escalate_to}.`}</p>
      {d.notifications.length === 0 ? (
        <p>No notification rules.</p>
      ) : (
        <ul aria-label="Notification rules">
          {d.notifications.map((n) => (
            <li>{`On ${n.on}${n.phase ? ` (${n.phase})` : ''}: "${n.subject}" to ${n.to.map((r) => Object.entries(r).map(([k, v]) => (v === true ? k : `${k} ${String(v)}`)).join('')).join(', ')}`}</li>
          ))}
        </ul>
      )}
      <Lifecycle d={d} />
      {other.length > 0 && (
        <>
          <h3>Other settings</h3>
          <pre>{YAML.stringify(Object.fromEntries(other))}</pre>
        </>
      )}
    </section>
  );
}

/** Each form as case managers will see it, by the one renderer. */
function Previews({ d }: { d: Definition }) {
  return (
    <section aria-labelledby="previews">
      <h2 id="previews">Forms as case managers see them</h2>
      {Object.entries(d.forms)
        .filter(([, fields]) => fields.length > 0)
        .map(([name, fields]) => (
          <fieldset class="preview form-section" disabled>
            <legend>{`${humanize(name)} form`}</legend>
            <FormFields fields={fields} prefix={`preview-${name}`} />
          </fieldset>
        ))}
    </section>
  );
}

/** The Try panel: sample values for the definition as it is in the editor; part of the checked results, so it follows the text. */
function TryPanel({ defKey: key, d, tried }: { defKey: string; d?: Definition; tried?: TryProps }) {
  return (
    <Section id="try" title="Try the screening and risk rules">
          {d ? (
            <>
              <p>Sample values of the intake and assessment forms; nothing is saved.</p>
              <fieldset class="form-section">
                <legend>Intake</legend>
                <FormFields fields={d.forms.intake.map((f) => ({ ...f, required: false }))} prefix="try-intake" />
              </fieldset>
              <fieldset class="form-section">
                <legend>Assessment</legend>
                <FormFields fields={d.forms.assessment.map((f) => ({ ...f, required: false }))} prefix="try-assessment" />
              </fieldset>
              <button type="submit" class="button button-secondary" formaction={`/app/definitions/${key}/try`} hx-post={`/app/definitions/${key}/try`} hx-target="#try-results" hx-swap="outerHTML" hx-include="closest form">
                Try the rules
              </button>
              <TryResults {...(tried ?? {})} />
            </>
          ) : (
            <p>Fix the problems to try the rules.</p>
          )}
        </Section>
  );
}

export function CheckResults({ defKey: key, checked, diff, newestVersion, savedAt, tried }: { defKey: string; checked: Checked; diff?: DefinitionChange[]; newestVersion: number; savedAt?: string; tried?: TryProps }) {
  return (
    <div id="check-results" aria-live="polite">
      {savedAt && <p class="muted">{`Draft of ${key} saved at ${savedAt.slice(11, 19)} UTC.`}</p>}
      {checked.problems.length > 0 ? (
        <section aria-labelledby="problems">
          <h2 id="problems">{`${checked.problems.length} problem${checked.problems.length === 1 ? '' : 's'}`}</h2>
          <ul class="problems">
            {checked.problems.map((p) => (
              <li>
                {p.line !== undefined && <strong>{`Line ${p.line}: `}</strong>}
                <code>{p.path}</code>
                {` ${p.message}`}
              </li>
            ))}
          </ul>
        </section>
      ) : (
        <p class="notice" role="status">
          No problems: this definition can be published.
        </p>
      )}
      {diff && <Changes changes={diff} caption={`Changes from version ${newestVersion}, the newest`} />}
      {checked.definition && <Picture d={checked.definition} />}
      {checked.definition && <Previews d={checked.definition} />}
      <TryPanel defKey={key} d={checked.definition} tried={tried} />
    </div>
  );
}

export interface TryProps {
  screening?: ScreeningResult;
  risk?: RiskResult;
  problems?: string[];
  intakeErrors?: FieldErrors;
  assessmentErrors?: FieldErrors;
  problem?: string;
}

export function TryResults({ screening, risk, problems = [], intakeErrors = {}, assessmentErrors = {}, problem }: TryProps) {
  const fieldProblems = [...Object.entries(intakeErrors), ...Object.entries(assessmentErrors)].flatMap(([f, ms]) => (ms ?? []).map((m) => `${f}: ${m}`));
  return (
    <div id="try-results" aria-live="polite">
      {problem && <p class="notice notice-error">{problem}</p>}
      {risk && (
        <dl class="pairs">
          <div>
            <dt>Screening</dt>
            <dd>{screening ? `${screening.decision === 'accept' ? 'Accept' : 'Screen out'} (rule ${screening.rule + 1}): ${screening.reason}` : 'No rule decides; a person screens the case'}</dd>
          </div>
          <div>
            <dt>Risk score</dt>
            <dd>{String(risk.score)}</dd>
          </div>
          <div>
            <dt>Risk level</dt>
            <dd>{humanize(risk.level)}</dd>
          </div>
          <div>
            <dt>Reasons</dt>
            <dd>{risk.reasons.length > 0 ? risk.reasons.join('; ') : 'None'}</dd>
          </div>
        </dl>
      )}
      {[...problems, ...fieldProblems].length > 0 && (
        <ul aria-label="Sample values the case would refuse">
          {[...problems, ...fieldProblems].map((p) => (
            <li>{p}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

export interface EditorProps {
  viewer: Viewer;
  csrfToken: string;
  key: string;
  text: string;
  baseVersion: number;
  newestVersion: number;
  checked: Checked;
  diff?: DefinitionChange[];
  note?: string;
  noteError?: string;
  conflict?: { newer: number; theirs: DefinitionChange[]; ours: DefinitionChange[] };
  notice?: string;
  tried?: TryProps;
}

function Section({ id, title, children }: { id: string; title: string; children: ComponentChildren }) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

export function EditorPage(props: EditorProps) {
  const { viewer, csrfToken, key, text, baseVersion, newestVersion, checked, diff, note, noteError, conflict, notice, tried } = props;
  const action = (what: string) => `/app/definitions/${key}/${what}`;
  return (
    <Page title={`Edit ${key}`} viewer={viewer} csrfToken={csrfToken} current="definitions">
      <Notice text={notice} kind={notice?.startsWith('Not published') ? 'error' : 'info'} />
      {conflict && (
        <div class="error-summary" role="alert">
          <h2>{`Not published: version ${conflict.newer} was published after your draft began from version ${baseVersion}`}</h2>
          <p>Both changes are below. Take theirs into your draft, then publish; or discard your draft and begin again from the newest version.</p>
          <Changes changes={conflict.theirs} caption={`Their change: version ${baseVersion} to ${conflict.newer}`} />
          <Changes changes={conflict.ours} caption={`Your change: version ${baseVersion} to your draft`} />
        </div>
      )}
      <p>{baseVersion === 0 && newestVersion === 0 ? 'A new definition, not published yet. The draft is saved on the server as you type.' : `Begun from version ${baseVersion}; the newest is version ${newestVersion}. The draft is saved on the server as you type.`}</p>
      <PostForm action={action('check')} csrfToken={csrfToken} back={action('edit')} label={`Definition ${key}`}>
        <input type="hidden" name="base" value={String(baseVersion)} />
        <div class="field">
          <label for="definition-text">Definition (YAML)</label>
          <p class="hint" id="definition-text-hint">
            Checked as you type, by the same checks as publishing through the API.
          </p>
          <textarea
            id="definition-text"
            name="text"
            class="yaml-editor"
            spellcheck={false}
            aria-describedby="definition-text-hint"
            hx-post={action('check')}
            hx-trigger="input changed delay:400ms"
            hx-target="#check-results"
            hx-swap="outerHTML"
            hx-include="closest form"
          >
            {text}
          </textarea>
        </div>
        <div class="actions">
          <button type="submit" class="button button-secondary">
            Check and save draft
          </button>
        </div>
        <CheckResults defKey={key} checked={checked} diff={diff} newestVersion={newestVersion} tried={tried} />
        <Section id="publish" title="Publish">
          <div class={`field${noteError ? ' field-invalid' : ''}`}>
            <label for="field-note">Change note (required)</label>
            <p class="hint" id="field-note-hint">
              What changed and why, shown with the version.
            </p>
            {noteError && (
              <p class="field-error" id="field-note-error">
                <span class="visually-hidden">Error: </span>
                {noteError}
              </p>
            )}
            <textarea id="field-note" name="note" rows={3} aria-describedby={`field-note-hint${noteError ? ' field-note-error' : ''}`} aria-invalid={noteError ? 'true' : undefined}>
              {note ?? ''}
            </textarea>
          </div>
          <p>New cases take the new version; a running case keeps the version it started with.</p>
          <button type="submit" class="button" formaction={action('publish')}>
            Publish
          </button>
        </Section>
      </PostForm>
      <PostForm action={action('discard')} csrfToken={csrfToken} label="Discard the draft">
        <button type="submit" class="link-button">
          Discard my draft
        </button>
      </PostForm>
    </Page>
  );
}
