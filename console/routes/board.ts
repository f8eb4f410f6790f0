/**
 * "Board": open cases in a column per phase. Dropping a card on a column (or choosing the column
 * in the card's own form, which works without script) runs the command of the board's move table
 * (board-moves.ts) through the case service the API uses; any other drop is refused with the
 * reason and changes nothing.
 */
import { Router, type Response } from 'express';
import { z } from 'zod';
import { caseScopeOf } from '../../api/auth/authorize';
import type { CaseService } from '../../api/case-service';
import { toHttpError } from '../../api/error-handler';
import { HttpError } from '../../api/problem';
import { definitionKey, person, plainText, team } from '../../api/schemas/text';
import type { Actor } from '../../common/case-types';
import { boardColumns } from '../../store/board';
import { getCaseRow } from '../../store/cases';
import type { Db } from '../../store/db';
import { listLatestDefinitions } from '../../store/definitions';
import { listUsers } from '../../store/users';
import { goTo } from '../auth/session';
import { BOARD_MOVES, decideMove, movesFor } from '../board-moves';
import { csrfTokenOf, viewerOf, type Viewer } from '../context';
import { peopleNames } from '../people-names';
import { sendPage } from '../render';
import { BoardPage, type BoardNotice } from '../templates/board';
import { phaseName } from '../templates/words';

export const CARDS_PER_COLUMN = 50;
const CLOSED_SHOWN_MS = 7 * 86_400_000;

const boardQuery = z.object({ team: team.optional(), definition: definitionKey.optional(), assignee: person.optional(), moved: z.string().max(200).optional() }).strict();
const moveBody = z.object({ to: z.string().max(40), text: z.string().optional(), _csrf: z.string().optional(), _back: z.string().optional() }).passthrough();

const cleanQuery = (query: Record<string, unknown>) => Object.fromEntries(Object.entries(query).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].trim() !== ''));
const actorOf = (viewer: Viewer): Actor => ({ id: viewer.user.id, roles: viewer.user.roles, teams: viewer.user.teams });
const name = (p: string) => phaseName(p as never);

export function boardRoutes({ db, cases, clock }: { db: Db; cases: CaseService; clock: () => Date }): Router {
  const router = Router();

  const show = async (query: Record<string, unknown>, back: string, res: Response, notice?: BoardNotice, status = 200) => {
    const viewer = viewerOf(res);
    const parsed = boardQuery.safeParse(cleanQuery(query));
    const filter = parsed.success ? parsed.data : {};
    const scope = caseScopeOf(res);
    const columns = await boardColumns(db, { team: filter.team, definition: filter.definition, assignee: scope?.assignee ?? filter.assignee, ...(scope ? { teams: scope.teams } : {}) }, CARDS_PER_COLUMN, new Date(clock().getTime() - CLOSED_SHOWN_MS).toISOString());
    const isAdmin = viewer.user.roles.includes('admin');
    const users = (await listUsers(db)).filter((u) => u.active && (isAdmin || u.teams.some((t) => viewer.user.teams.includes(t))));
    const moved = parsed.success && filter.moved ? { kind: 'info' as const, text: filter.moved } : undefined;
    sendPage(
      res,
      BoardPage({
        viewer,
        csrfToken: csrfTokenOf(res),
        columns,
        movesOf: (row) => movesFor(row, viewer.user.roles),
        names: await peopleNames(db),
        now: clock(),
        values: { team: filter.team, definition: filter.definition, assignee: filter.assignee },
        errors: parsed.success ? {} : Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? i.code), [i.message]])),
        choices: { teams: isAdmin ? [...new Set(users.flatMap((u) => u.teams))].sort() : viewer.user.teams, definitions: (await listLatestDefinitions(db)).map((d) => ({ value: d.key, label: d.definition.name })), people: users.map((u) => ({ value: u.id, label: u.name })) },
        notice: notice ?? moved,
        back,
      }),
      parsed.success ? status : 422,
    );
  };

  /** The board's address with its filter, without the word of a move just made. */
  const addressOf = (query: Record<string, unknown>) => {
    const { moved: _moved, ...filter } = cleanQuery(query);
    const text = new URLSearchParams(filter).toString();
    return `/app/board${text ? `?${text}` : ''}`;
  };

  router.get('/board', (req, res) => show(req.query, addressOf(req.query), res));

  router.post('/board/:id/move', async (req, res) => {
    const viewer = viewerOf(res);
    const id = req.params.id as string;
    const body = moveBody.safeParse(req.body ?? {});
    const back = typeof req.body?._back === 'string' && req.body._back.startsWith('/app/board') ? (req.body._back as string) : '/app/board';
    const query = Object.fromEntries(new URL(back, 'http://x').searchParams);
    const refuse = (text: string, status: number) => show(query, addressOf(query), res, { kind: 'error', text, caseId: id }, status);
    const row = await getCaseRow(db, id);
    if (!row) throw new HttpError(404, 'Not Found', 'the case');
    if (!body.success) return refuse(`Choose the column to move ${id} to.`, 422);
    const decision = decideMove(row, body.data.to, viewer.user.roles, name);
    if (!decision.ok) return refuse(`${id} was not moved: ${decision.reason}.`, 409);
    const move = decision.move;
    const raw = typeof body.data.text === 'string' ? body.data.text.trim() : '';
    let text: string | undefined;
    if (move.asks) {
      if (raw === '' && move.asks.required) return refuse(`${id} was not moved: '${move.label}' needs a ${move.asks.name}; write it in the card's "${move.asks.label}" field, then move it again.`, 422);
      if (raw !== '') {
        const checked = plainText(move.asks.name === 'note' ? 5000 : 2000).safeParse(raw);
        if (!checked.success) return refuse(`${id} was not moved: the ${move.asks.name} ${checked.error.issues[0].message}.`, 422);
        text = checked.data;
      }
    }
    try {
      await cases.command(id, move.update, move.args(text) as never, actorOf(viewer));
    } catch (err) {
      // The case moved on between the page and the drop: the service says why, as the API would.
      const http = toHttpError(err);
      if (http && http.status < 500) return refuse(`${id} was not moved: ${http.message}`, http.status);
      throw err;
    }
    const done = `${id}: ${move.label} (${name(move.from)} to ${name(move.to)}).`;
    goTo(req, res, `${back}${back.includes('?') ? '&' : '?'}moved=${encodeURIComponent(done)}`);
  });

  return router;
}

export { BOARD_MOVES };
