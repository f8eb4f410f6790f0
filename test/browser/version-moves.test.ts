/**
 * Moving running cases to a newer version from the console, in a real browser: a designer's dry
 * run lists a case that can move and one that cannot, the move form comes back with its errors
 * beside its fields and the choice kept, and the job's page shows each case's result. Every state
 * is checked with axe; the form is sent with the keyboard.
 */
import { expect } from 'chai';
import type { Locator, Page } from 'playwright-core';
import type { DefinitionInput } from '../../common/definition-schema';
import { quickCase } from '../fixtures/definitions';
import { toImplementation, ok } from '../helpers/cases';
import { addPerson, contexts, expectAccessible, expectNoSideScroll, screenshot, signIn, type Person } from '../helpers/browser';
import { publishDefinition, startSystem, type TestSystem } from '../helpers/system';

/** Version 2: no transition or contact, and quicker follow-ups at low risk. */
const version2: DefinitionInput = { ...quickCase, transition: { enabled: false }, contact: { enabled: false }, follow_up: { cadence: { low: 'PT40S', moderate: 'PT20S', high: 'PT10S' }, window: 'PT20S' } };

describe('console: moving running cases to a newer version', () => {
  let sys: TestSystem;
  let dee: Person;
  let casey: Person;
  const browser = contexts();
  before(async () => {
    sys = await startSystem({ definitions: [quickCase] });
    dee = await addPerson(sys, { roles: ['designer'], teams: ['team-a'], name: 'Dee Designer' });
    casey = await addPerson(sys, { roles: ['case_manager'], teams: ['team-a'], name: 'Casey Manager' });
  });
  afterEach(() => browser.closeAll());
  after(async () => sys?.stop());

  async function checkPage(page: Page, state: string): Promise<void> {
    await expectAccessible(page, state);
    await expectNoSideScroll(page, state);
  }
  async function expectErrorBeside(field: Locator, message: string): Promise<void> {
    const described = (await field.getAttribute('aria-describedby')) ?? '';
    const texts = await Promise.all(described.split(' ').filter(Boolean).map((id) => field.page().locator(`[id="${id}"]`).innerText()));
    expect(texts.join(' | ')).to.contain(message);
  }
  async function tabTo(page: Page, target: Locator, most = 80): Promise<void> {
    for (let i = 0; i < most; i++) {
      await page.keyboard.press('Tab');
      if (await target.evaluate((el) => el === document.activeElement)) return;
    }
    throw new Error(`Tab did not reach ${String(target)} within ${most} presses`);
  }

  it('runs a dry run, starts a move of the cases chosen with a reason, and shows each case’s result', async () => {
    const movable = await toImplementation(sys);
    const stays = await toImplementation(sys);
    await ok(sys, `/cases/${stays}/follow-ups`, { outcome: 'goals_met' });
    await publishDefinition(sys.db, version2);

    const page = await browser.page();
    await signIn(page, sys, dee, '/app/definitions');
    await page.getByRole('link', { name: /^Move running cases of/ }).click();
    const dry = page.getByRole('form', { name: 'Dry run', exact: true });
    await dry.getByLabel('Cases running by').selectOption({ label: 'Version 2' });
    await dry.getByRole('button', { name: 'Dry run' }).click();
    await expectErrorBeside(page.getByRole('form', { name: 'Dry run', exact: true }).getByLabel('Move to'), 'a case moves only to a newer version than 2');
    await checkPage(page, 'dry run with an error');

    await page.getByRole('form', { name: 'Dry run', exact: true }).getByLabel('Cases running by').selectOption({ label: 'Version 1' });
    await page.getByRole('form', { name: 'Dry run', exact: true }).getByLabel('Move to').selectOption({ label: 'The newest' });
    await page.getByRole('form', { name: 'Dry run', exact: true }).getByRole('button', { name: 'Dry run' }).click();
    const rows = page.getByRole('table', { name: /can move/ }).getByRole('row');
    await rows.filter({ hasText: stays }).getByText('the transition phase is off in the new version').waitFor();
    expect(await rows.filter({ hasText: movable }).getByRole('cell', { name: 'Yes' }).count()).to.equal(1);
    await checkPage(page, 'dry run');
    await screenshot(page, 'version-move-dry-run');

    // Sent without a reason and with no case chosen: both errors beside their fields, nothing started.
    const move = page.getByRole('form', { name: 'Move the cases', exact: true });
    await move.getByLabel(movable).uncheck();
    await move.getByRole('button', { name: 'Start the move' }).click();
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
    await expectErrorBeside(page.getByRole('group', { name: /Cases to move/ }), 'choose at least one case');
    await expectErrorBeside(page.getByRole('form', { name: 'Move the cases', exact: true }).getByLabel('Reason'), 'is required');
    expect(await sys.db('version_move_jobs').count({ n: '*' }).first()).to.deep.include({ n: 0 });
    await checkPage(page, 'move form with errors');

    // The reason typed is kept through a refusal; then sent with the keyboard.
    await page.getByRole('form', { name: 'Move the cases', exact: true }).getByLabel('Reason').fill('Quicker follow-ups');
    await page.getByRole('form', { name: 'Move the cases', exact: true }).getByRole('button', { name: 'Start the move' }).click();
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
    expect(await page.getByRole('form', { name: 'Move the cases', exact: true }).getByLabel('Reason').inputValue()).to.equal('Quicker follow-ups');
    await tabTo(page, page.getByRole('form', { name: 'Move the cases', exact: true }).getByLabel(movable));
    await page.keyboard.press('Space');
    await tabTo(page, page.getByRole('form', { name: 'Move the cases', exact: true }).getByRole('button', { name: 'Start the move' }));
    await page.keyboard.press('Enter');

    await page.getByText(/1 moved, 0 not moved, 0 failed, 0 waiting: the job is done\./).waitFor({ timeout: 20_000 });
    expect(await page.getByRole('row').filter({ hasText: movable }).getByRole('cell', { name: 'Moved' }).count()).to.equal(1);
    await checkPage(page, 'move job done');
    await screenshot(page, 'version-move-job');
    expect((await sys.http.get(`/cases/${movable}`)).body.definition.version).to.equal(2);
    expect((await sys.http.get(`/cases/${stays}`)).body.definition.version).to.equal(1);

    // Case managers reach none of it.
    const caseys = await browser.page();
    await signIn(caseys, sys, casey);
    const refused = await caseys.goto(`${sys.url}/app/definitions/quick-case/moves?from=1`);
    expect(refused?.status()).to.be.oneOf([403, 404]);
  });
});
