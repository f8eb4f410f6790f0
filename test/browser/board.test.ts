/**
 * The board in a real browser: one test per row of the move table (a card dropped on the row's
 * column runs its command, asking first for the text it needs, and the trail shows the command and
 * who gave it), a drop no row allows is refused with the reason and changes nothing, and a viewer
 * sees the board without moves.
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { BOARD_MOVES } from '../../console/board-moves';
import { quickCase } from '../fixtures/definitions';
import { highRisk, ok, openCase, toAssessment, toImplementation } from '../helpers/cases';
import { eventually } from '../helpers/eventually';
import { addPerson, contexts, expectAccessible, expectNoSideScroll, screenshot, signIn, type Person } from '../helpers/browser';
import { startSystem, type TestSystem } from '../helpers/system';

type Row = { from: string; to: string; text?: string; entry: { type: string; data: Record<string, unknown> } };

/** The table's rows as the tests drive them: the text typed when asked, and the trail entry the command leaves. */
const ROWS: Row[] = [
  { from: 'screening', to: 'assessment', text: 'Meets the criteria', entry: { type: 'screening_decided', data: { decision: 'accept', reason: 'Meets the criteria' } } },
  { from: 'screening', to: 'closed', text: 'Lives outside the area', entry: { type: 'screening_decided', data: { decision: 'reject', reason: 'Lives outside the area' } } },
  { from: 'approval', to: 'implementation', entry: { type: 'plan_approved', data: {} } },
  { from: 'approval', to: 'planning', text: 'Add a housing goal', entry: { type: 'plan_returned', data: { reason: 'Add a housing goal' } } },
  { from: 'follow_up', to: 'planning', text: 'The plan no longer fits', entry: { type: 'follow_up_recorded', data: { outcome: 'replan', note: 'The plan no longer fits' } } },
  { from: 'follow_up', to: 'assessment', entry: { type: 'follow_up_recorded', data: { outcome: 'reassess' } } },
];

describe('console: board', () => {
  let sys: TestSystem;
  let sam: Person;
  let vera: Person;
  const browser = contexts();
  before(async () => {
    sys = await startSystem({ definitions: [quickCase] });
    sam = await addPerson(sys, { roles: ['supervisor'], teams: ['team-a'], name: 'Sam Supervisor' });
    vera = await addPerson(sys, { roles: ['viewer'], teams: ['team-a'], name: 'Vera Viewer' });
  });
  afterEach(() => browser.closeAll());
  after(async () => sys?.stop());

  const phaseOf = async (id: string) => (await sys.http.get(`/cases/${id}`)).body.phase as string;

  /** A new case in the phase, over the API. */
  async function caseIn(phase: string): Promise<string> {
    if (phase === 'screening') return (await openCase(sys)).id;
    if (phase === 'approval') {
      const id = await toAssessment(sys);
      await ok(sys, `/cases/${id}/assessment`, { data: highRisk });
      await ok(sys, `/cases/${id}/plan`, {});
      return id;
    }
    const id = await toImplementation(sys);
    await ok(sys, `/cases/${id}/tasks/t1/complete`, {});
    await eventually(async () => expect(await phaseOf(id)).to.equal('follow_up'));
    return id;
  }

  const card = (page: Page, id: string) => page.locator(`.card[data-case="${id}"]`);
  const column = (page: Page, phase: string) => page.locator(`.column[data-phase="${phase}"]`);

  it('has a test for every row of the move table', () => {
    expect(ROWS.map((r) => `${r.from}→${r.to}`)).to.deep.equal(BOARD_MOVES.map((m) => `${m.from}→${m.to}`));
  });

  for (const row of ROWS) {
    it(`moves a card from ${row.from} to ${row.to} by its command, and the trail shows it and who gave it`, async () => {
      const id = await caseIn(row.from);
      const page = await browser.page({ viewport: { width: 1600, height: 1000 } });
      await signIn(page, sys, sam, '/app/board?definition=quick-case');
      await card(page, id).dragTo(column(page, row.to), { sourcePosition: { x: 4, y: 4 } });
      if (BOARD_MOVES.find((m) => m.from === row.from && m.to === row.to)!.asks?.required) {
        // The move asks for its text first: nothing was sent yet.
        const text = card(page, id).locator('textarea');
        await eventually(async () => expect(await text.evaluate((el) => el === document.activeElement)).to.equal(true));
        expect(await phaseOf(id)).to.equal(row.from);
        await text.fill(row.text!);
        await card(page, id).getByRole('button', { name: 'Move' }).click();
      }
      await page.getByRole('status').filter({ hasText: `${id}:` }).waitFor();
      await column(page, row.to).locator(`.card[data-case="${id}"]`).waitFor();
      expect(await phaseOf(id)).to.equal(row.to);
      const trail = (await sys.http.get(`/cases/${id}/events`)).body.items as Array<{ type: string; actor: string; data: Record<string, unknown> }>;
      const entry = trail.filter((e) => e.type === row.entry.type).pop()!;
      expect(entry, `a ${row.entry.type} entry`).to.not.equal(undefined);
      expect(entry.actor).to.equal(sam.id);
      expect(entry.data).to.include(row.entry.data);
      if (row.from === 'follow_up' && row.to === 'planning') {
        await expectAccessible(page, 'board, after a move');
        await expectNoSideScroll(page, 'board, after a move');
        await screenshot(page, 'board');
      }
    });
  }

  it('refuses a drop no row allows, and one that does not fit the case now, with the reason; the card goes back and nothing changes', async () => {
    const id = await caseIn('screening');
    const held = await caseIn('screening');
    await ok(sys, `/cases/${held}/hold`, { reason: 'Client in hospital' });
    const before = (await sys.http.get(`/cases/${id}/events`)).body.items.length;
    const page = await browser.page({ viewport: { width: 1600, height: 1000 } });
    await signIn(page, sys, sam, '/app/board?definition=quick-case');
    await card(page, id).dragTo(column(page, 'implementation'), { sourcePosition: { x: 4, y: 4 } });
    await page.getByRole('alert').filter({ hasText: `${id} was not moved: the board has no move from Screening to Implementation; from Screening a card moves to Assessment or Closed` }).waitFor();
    await column(page, 'screening').locator(`.card[data-case="${id}"]`).waitFor();
    expect(await phaseOf(id)).to.equal('screening');
    expect((await sys.http.get(`/cases/${id}/events`)).body.items.length).to.equal(before);
    await expectAccessible(page, 'board, a move refused');

    // A case on hold takes no screening: the card offers no move, and a drop sent anyway is refused by the fit function.
    expect(await card(page, held).locator('form').count()).to.equal(0);
    const res = await page.request.post(`${sys.url}/app/board/${held}/move`, {
      form: { to: 'assessment', text: 'Fits', _csrf: (await page.locator('input[name="_csrf"]').first().inputValue()) },
    });
    expect(res.status()).to.equal(409);
    expect(await res.text()).to.match(new RegExp(`${held} was not moved: the case is on hold; resume it before (&#39;|')screen`));
    expect(await phaseOf(held)).to.equal('screening');
  });

  it('shows a viewer the columns and counts with no moves, and refuses a move sent anyway', async () => {
    const id = await caseIn('screening');
    const page = await browser.page();
    await signIn(page, sys, vera, '/app/board');
    await column(page, 'screening').getByRole('heading', { name: /Screening \(\d+\)/ }).waitFor();
    await card(page, id).waitFor();
    expect(await page.locator('.card form').count()).to.equal(0);
    expect(await page.locator('.card[draggable="true"]').count()).to.equal(0);
    await expectAccessible(page, 'board, a viewer');
    const res = await page.request.post(`${sys.url}/app/board/${id}/move`, { form: { to: 'assessment', text: 'Fits', _csrf: await page.locator('input[name="_csrf"]').first().inputValue() } });
    expect(res.status()).to.equal(403);
    expect(await phaseOf(id)).to.equal('screening');
  });
});
