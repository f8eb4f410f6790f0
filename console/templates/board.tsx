/** The "Board" page: a column per phase with its count and cards; each card's form moves it, and script lets a card be dropped on a column. */
import type { CaseRow } from '../../common/case-types';
import type { BoardColumn } from '../../store/board';
import type { BoardMove } from '../board-moves';
import type { Viewer } from '../context';
import { casePath } from '../paths';
import { DueMark } from './case-table';
import { FormFields, type FieldErrors, type FieldValues, type RenderField } from './form-fields';
import { ErrorSummary, Notice, PostForm } from './forms';
import { Page } from './layout';
import { phaseName, riskName } from './words';

export interface BoardNotice {
  kind: 'info' | 'error';
  text: string;
  caseId?: string;
}

export interface BoardProps {
  viewer: Viewer;
  csrfToken: string;
  columns: BoardColumn[];
  movesOf: (row: CaseRow) => BoardMove[];
  names: Map<string, string>;
  now: Date;
  values: FieldValues;
  errors: FieldErrors;
  choices: { teams: string[]; definitions: Array<{ value: string; label: string }>; people: Array<{ value: string; label: string }> };
  notice?: BoardNotice;
  /** The board's address with its filter, where a move returns to. */
  back: string;
}

function filterFields({ teams, definitions, people }: BoardProps['choices']): RenderField[] {
  const any = { required: false, blank: 'Any' };
  return [
    { name: 'team', type: 'enum', label: 'Team', ...any, values: teams, options: teams.map((t) => ({ value: t, label: t })) },
    { name: 'definition', type: 'enum', label: 'Case type', ...any, values: definitions.map((d) => d.value), options: definitions },
    { name: 'assignee', type: 'enum', label: 'Assignee', ...any, values: people.map((p) => p.value), options: people },
  ];
}

// An enumerated attribute, not a boolean one: the browser needs the word "true".
const DRAGGABLE = { draggable: 'true' } as unknown as { draggable: boolean };

function Card({ row, moves, props }: { row: CaseRow; moves: BoardMove[]; props: BoardProps }) {
  const { names, now, viewer, csrfToken, back } = props;
  const asks = moves.find((m) => m.asks)?.asks;
  return (
    <li class="card" {...(moves.length > 0 ? DRAGGABLE : {})} data-case={row.id} data-phase={row.phase} aria-label={`${row.title}, ${row.id}`}>
      <a href={casePath(row.id)}>{row.title}</a>
      <span class="case-id">{row.id}</span>
      <dl>
        <dt>Risk</dt>
        <dd>{riskName(row.riskLevel)}</dd>
        <dt>Assignee</dt>
        <dd>{row.assignee ? (names.get(row.assignee) ?? row.assignee) : 'Nobody'}</dd>
        <dt>Due</dt>
        <dd>
          <DueMark dueAt={row.dueAt} now={now} timeZone={viewer.timeZone} />
        </dd>
      </dl>
      {moves.length > 0 && (
        <PostForm action={`/app/board/${encodeURIComponent(row.id)}/move`} csrfToken={csrfToken} back={back} class="move-form" label={`Move ${row.id}`}>
          <div class="move-fields">
            <label for={`to-${row.id}`}>Move to</label>
            <select id={`to-${row.id}`} name="to">
              {moves.map((m) => (
                <option value={m.to} data-asks={m.asks?.name} data-required={m.asks?.required ? 'true' : undefined}>
                  {`${phaseName(m.to)}: ${m.label}`}
                </option>
              ))}
            </select>
            {asks && (
              <>
                <label for={`text-${row.id}`}>{moves.every((m) => m.asks?.name === asks.name) ? asks.label : 'Reason or note'}</label>
                <textarea id={`text-${row.id}`} name="text" rows={2}></textarea>
              </>
            )}
            <button type="submit" class="button button-secondary">
              Move
            </button>
          </div>
        </PostForm>
      )}
    </li>
  );
}

export function BoardPage(props: BoardProps) {
  const { viewer, csrfToken, columns, movesOf, values, errors, choices, notice } = props;
  const fields = filterFields(choices);
  return (
    <Page title="Board" viewer={viewer} csrfToken={csrfToken} current="board" scripts={['/app/static/board.js']}>
      <ErrorSummary errors={Object.entries(errors).flatMap(([name, messages]) => (messages ?? []).map((message) => ({ target: `field-${name}`, label: fields.find((f) => f.name === name)?.label ?? name, message })))} />
      <Notice text={notice?.text} kind={notice?.kind} />
      <form method="get" action="/app/board" class="filters" role="search" aria-label="Filter the board">
        <FormFields fields={fields} values={values} errors={errors} />
        <div class="actions">
          <button type="submit" class="button">
            Show
          </button>
          <a href="/app/board">Clear filters</a>
        </div>
      </form>
      <p class="muted" id="board-help">
        Drag a card onto a column to move the case there, or choose the column in the card and press Move. A move runs the case's command; a move the case does not take now is refused with the reason.
      </p>
      <div class="board" aria-describedby="board-help">
        {columns.map((c) => (
          <section class="column" data-phase={c.phase} aria-labelledby={`col-${c.phase}`}>
            <h2 id={`col-${c.phase}`}>
              {phaseName(c.phase)} <span class="count">{`(${c.count})`}</span>
            </h2>
            {c.cards.length < c.count && <p class="muted">{`The ${c.cards.length} due first.`}</p>}
            <ul class="cards">
              {c.cards.map((row) => (
                <Card row={row} moves={movesOf(row)} props={props} />
              ))}
            </ul>
          </section>
        ))}
      </div>
    </Page>
  );
}
