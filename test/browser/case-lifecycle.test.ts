/**
 * A case's life beyond one straight run, on its page in a real browser: reopening within the
 * window (and not after it), links to other cases, a child case beside the task that opened it,
 * legal hold on and off, the export's download, and the retention review's approval. Each form is
 * offered only to whom the API would take it from, is used by the keyboard once, and comes back
 * with its error beside the field and what was typed kept. Every state is checked with axe.
 */
import { expect } from 'chai';
import { strFromU8, unzipSync } from 'fflate';
import fs from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import type { TrailEntry } from '../../common/case-types';
import type { DefinitionInput } from '../../common/definition-schema';
import { listCasesPastRetention } from '../../store/retention';
import { verifyChain } from '../../store/trail';
import { childCase, parentCase, quickCase, reopenableCase } from '../fixtures/definitions';
import { intake, lowRisk } from '../helpers/cases';
import { eventually } from '../helpers/eventually';
import { addPerson, contexts, expectAccessible, expectNoSideScroll, tabTo, screenshot, signIn, type Person } from '../helpers/browser';
import { startSystem, type TestSystem } from '../helpers/system';

/** Kept a second after closing; its destruction approved by admin or a supervisor. */
const keptCase: DefinitionInput = { ...quickCase, key: 'kept-case', name: 'Kept case', retention: { keep: 'PT1S', approver: 'supervisor', hold_roles: ['supervisor'] } };

describe('console: a case beyond one straight run', () => {
  let sys: TestSystem;
  let casey: Person;
  let sue: Person;
  let otto: Person;
  let ada: Person;
  const browser = contexts();
  before(async () => {
    sys = await startSystem({ definitions: [quickCase, reopenableCase, childCase, parentCase, keptCase] });
    casey = await addPerson(sys, { roles: ['case_manager'], teams: ['team-a'], name: 'Casey Manager' });
    sue = await addPerson(sys, { roles: ['supervisor'], teams: ['team-a'], name: 'Sue Supervisor' });
    otto = await addPerson(sys, { roles: ['case_manager'], teams: ['team-b'], name: 'Otto Outside' });
    ada = await addPerson(sys, { roles: ['admin'], teams: ['team-a'], name: 'Ada Admin' });
  });
  afterEach(() => browser.closeAll());
  after(async () => sys?.stop());

  async function apiCase(definition: string, title: string, team = 'team-a'): Promise<string> {
    const res = await sys.http.post('/cases', { definition, title, intake, team });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body.id as string;
  }
  async function api(path: string, body: unknown = {}): Promise<any> {
    const res = await sys.http.post(path, body);
    expect(res.status, `${path}: ${JSON.stringify(res.body)}`).to.be.oneOf([200, 201]);
    return res.body;
  }
  const casePage = (id: string) => `/app/cases/${id}`;
  const form = (page: Page, name: string) => page.getByRole('form', { name, exact: true });

  async function checkPage(page: Page, state: string): Promise<void> {
    await expectAccessible(page, state);
    await expectNoSideScroll(page, state);
  }

  async function expectErrorBeside(field: Locator, message: string): Promise<void> {
    expect(await field.getAttribute('aria-invalid')).to.equal('true');
    const described = (await field.getAttribute('aria-describedby')) ?? '';
    const texts = await Promise.all(described.split(' ').filter(Boolean).map((id) => field.page().locator(`[id="${id}"]`).innerText()));
    expect(texts.join(' | ')).to.contain(message);
  }


  /** Fills a form's Reason and sends it with the keyboard alone. */
  async function sendByKeyboard(page: Page, formName: string, reason: string, button: string): Promise<void> {
    await tabTo(page, form(page, formName).getByLabel('Reason'), 200);
    await page.keyboard.type(reason);
    await tabTo(page, form(page, formName).getByRole('button', { name: button }), 200);
    await page.keyboard.press('Enter');
  }

  it('reopens a closed case within its window for the roles the definition names, by keyboard, and offers it no more once the window has passed', async () => {
    const id = await apiCase('reopen-case', 'Appeal of a decision');
    await api(`/cases/${id}/close`, { reason: 'Withdrawn by the client' });

    // A case manager may not reopen this kind of case: no form.
    const page = await browser.page();
    await signIn(page, sys, casey, casePage(id));
    await page.getByRole('heading', { name: 'What you can do now' }).waitFor();
    expect(await form(page, 'Reopen the case').count()).to.equal(0);
    expect(await page.getByRole('link', { name: 'Export the case (ZIP)' }).count()).to.equal(1);

    const sues = await browser.page();
    await signIn(sues, sys, sue, casePage(id));
    const reopen = form(sues, 'Reopen the case');
    await reopen.getByText('The case resumes at Assessment').waitFor();
    await checkPage(sues, 'closed case with the reopen form');
    await reopen.getByRole('button', { name: 'Reopen the case' }).click();
    await expectErrorBeside(form(sues, 'Reopen the case').getByLabel('Reason'), 'is required');
    await checkPage(sues, 'reopen form with an error');

    await sendByKeyboard(sues, 'Reopen the case', 'The client appealed', 'Reopen the case');
    await sues.getByText('Done: the case is reopened.').waitFor();
    expect(await sues.getByRole('list', { name: 'Phases of the case' }).locator('[aria-current="step"] .phase-name').innerText()).to.equal('Assessment');
    expect(await form(sues, 'Reopen the case').count()).to.equal(0);
    await sues.getByText('Reason: The client appealed').first().waitFor();
    const trail = (await sys.http.get(`/cases/${id}/events`)).body.items as TrailEntry[];
    expect(trail.some((e) => e.type === 'case_reopened' && (e.data as { reason: string }).reason === 'The client appealed' && e.actor === sue.id)).to.equal(true);

    // Past the window (an hour after closing) the page offers no reopening.
    const late = await apiCase('reopen-case', 'Closed long ago');
    await api(`/cases/${late}/close`, { reason: 'Withdrawn by the client' });
    sys.clock.advance(2 * 60 * 60_000);
    const later = await browser.page();
    await signIn(later, sys, sue, casePage(late));
    await later.getByRole('heading', { name: 'What you can do now' }).waitFor();
    expect(await form(later, 'Reopen the case').count()).to.equal(0);
    expect((await sys.as(sue).post(`/cases/${late}/reopen`, { reason: 'Too late' })).status).to.equal(409);
  });

  it('links a case to another the person may see, keeping what was typed when the other case is not one of theirs, and shows the link on both pages', async () => {
    const first = await apiCase('quick-case', 'Noise complaint, flat 4');
    const second = await apiCase('quick-case', 'Noise complaint, flat 4 (again)');
    const hidden = await apiCase('quick-case', 'Another team’s case', 'team-b');

    const page = await browser.page();
    await signIn(page, sys, casey, casePage(second));
    const link = form(page, 'Link to another case');
    await link.getByLabel('This case is').selectOption({ label: 'A duplicate of' });
    await link.getByLabel('Other case').fill(hidden);
    await link.getByLabel('Reason').fill('Same flat, same week');
    await link.getByRole('button', { name: 'Link the cases' }).click();
    await expectErrorBeside(form(page, 'Link to another case').getByLabel('Other case'), `no case ${hidden} that you may see`);
    expect(await form(page, 'Link to another case').getByLabel('Other case').inputValue()).to.equal(hidden);
    expect(await form(page, 'Link to another case').getByLabel('This case is').inputValue()).to.equal('duplicate_of');
    expect(await form(page, 'Link to another case').getByLabel('Reason').inputValue()).to.equal('Same flat, same week');
    await checkPage(page, 'link form with an error');

    // By keyboard: the other case's id in place of the hidden one.
    await tabTo(page, form(page, 'Link to another case').getByLabel('Other case'), 200);
    await page.keyboard.press('Control+A');
    await page.keyboard.type(first);
    await tabTo(page, form(page, 'Link to another case').getByRole('button', { name: 'Link the cases' }), 200);
    await page.keyboard.press('Enter');
    await page.getByText('Done: the cases are linked.').waitFor();
    const linked = page.getByRole('region', { name: 'Linked cases' });
    await linked.getByText('This case is a duplicate of').waitFor();
    await checkPage(page, 'case page with a link');
    await screenshot(page, 'case-page-links');

    await linked.getByRole('link', { name: `${first}: Noise complaint, flat 4` }).click();
    await page.getByRole('heading', { name: 'Noise complaint, flat 4', exact: true }).waitFor();
    await page.getByRole('region', { name: 'Linked cases' }).getByText('is a duplicate of this case').waitFor();
    expect((await sys.http.get(`/cases/${first}/links`)).body.items).to.have.length(1);
    // Nobody outside the team reaches the case, nor its form.
    const outside = await browser.page();
    await signIn(outside, sys, otto);
    const refused = await outside.request.post(`${sys.url}/app/cases/${first}/links`, { form: { kind: 'related', to: hidden, reason: 'x' } });
    expect(refused.status()).to.be.oneOf([403, 404]);
    expect((await sys.http.get(`/cases/${first}/links`)).body.items).to.have.length(1);
  });

  it('shows each child case on the task that opened it, with a link and its status', async () => {
    const parent = await apiCase('parent-case', 'Family support');
    await api(`/cases/${parent}/screening`, { decision: 'accept', reason: 'Meets the criteria' });
    await api(`/cases/${parent}/assessment`, { data: lowRisk });
    await api(`/cases/${parent}/plan`, {});
    const child = await eventually(async () => {
      const c = (await sys.http.get(`/cases/${parent}`)).body.children?.[0];
      if (!c?.phase) throw new Error('the child is not recorded yet');
      return c.caseId as string;
    });

    const page = await browser.page();
    await signIn(page, sys, casey, casePage(parent));
    const row = page.getByRole('row').filter({ hasText: 'Claim benefits' });
    await row.getByRole('link', { name: new RegExp(`^${child}`) }).waitFor();
    expect(await row.innerText()).to.contain('(Open, Screening)');
    await checkPage(page, 'parent with an open child');

    await api(`/cases/${child}/close`, { reason: 'Claim made elsewhere' });
    await eventually(async () => {
      await page.reload();
      const text = await page.getByRole('row').filter({ hasText: 'Claim benefits' }).innerText();
      if (!text.includes('(Closed)') || !text.includes('Done')) throw new Error(`the task row reads: ${text}`);
    });
    await page.getByRole('row').filter({ hasText: 'Claim benefits' }).getByRole('link', { name: new RegExp(`^${child}`) }).click();
    await page.waitForURL((url) => url.pathname === casePage(child));
    await page.getByRole('heading', { name: 'What you can do now' }).waitFor();
  });

  it('places and releases a legal hold for the roles the definition names, says so when the case moved on meanwhile, and exports the case as a ZIP that verifies', async () => {
    const id = await apiCase('kept-case', 'Tenancy dispute');
    await api(`/cases/${id}/notes`, { text: 'The landlord called' });

    const page = await browser.page();
    await signIn(page, sys, casey, casePage(id));
    await page.getByRole('heading', { name: 'What you can do now' }).waitFor();
    expect(await form(page, 'Legal hold').count()).to.equal(0);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export the case (ZIP)' }).click()]);
    expect(download.suggestedFilename()).to.equal(`${id}.zip`);
    const files = unzipSync(new Uint8Array(fs.readFileSync((await download.path())!)));
    const trail = strFromU8(files['trail.jsonl']).trim().split('\n').map((l) => JSON.parse(l) as TrailEntry);
    expect(verifyChain(trail)).to.deep.equal({ valid: true, entries: trail.length });
    expect(strFromU8(files.SHA256SUMS)).to.contain('  trail.jsonl');
    expect(JSON.parse(strFromU8(files['case.json'])).notes[0].text).to.equal('The landlord called');

    const sues = await browser.page();
    await signIn(sues, sys, sue, casePage(id));
    await form(sues, 'Legal hold').getByRole('button', { name: 'Place a legal hold' }).click();
    await expectErrorBeside(form(sues, 'Legal hold').getByLabel('Reason'), 'is required');
    await checkPage(sues, 'legal hold form with an error');
    await sendByKeyboard(sues, 'Legal hold', 'Tribunal claim lodged', 'Place a legal hold');
    await sues.getByText('Done: the legal hold is placed.').waitFor();
    await sues.getByText(/On legal hold since .*Tribunal claim lodged/).waitFor();
    expect(await form(sues, 'Legal hold').count()).to.equal(0);
    await checkPage(sues, 'case on legal hold');
    await screenshot(sues, 'case-page-legal-hold');

    // Released through the API meanwhile: the page's release is refused with the reason, and nothing changes.
    await form(sues, 'Release the legal hold').getByLabel('Reason').fill('Claim settled');
    await api(`/cases/${id}/legal-hold/release`, { reason: 'Settled out of court' });
    await form(sues, 'Release the legal hold').getByRole('button', { name: 'Release the legal hold' }).click();
    await sues.getByText('This was not done: the case is not on legal hold.').waitFor();
    const holds = ((await sys.http.get(`/cases/${id}/events`)).body.items as TrailEntry[]).filter((e) => e.type.startsWith('legal_hold'));
    expect(holds.map((e) => [e.type, (e.data as { reason: string }).reason])).to.deep.equal([
      ['legal_hold_placed', 'Tribunal claim lodged'],
      ['legal_hold_released', 'Settled out of court'],
    ]);

    await sendByKeyboard(sues, 'Legal hold', 'Second claim', 'Place a legal hold');
    await sues.getByText('Done: the legal hold is placed.').waitFor();
    await sendByKeyboard(sues, 'Release the legal hold', 'Second claim withdrawn', 'Release the legal hold');
    await sues.getByText('Done: the legal hold is released.').waitFor();
    await sues.getByText('No legal hold.').waitFor();
  });

  it('shows admins and approvers a closed case due for review and takes their approval of its destruction', async () => {
    const id = await apiCase('kept-case', 'Old complaint about repairs');
    await api(`/cases/${id}/close`, { reason: 'Resolved' });
    const page = await browser.page();
    await signIn(page, sys, ada, casePage(id));
    await page.getByText('The daily retention review has not listed it.').waitFor();
    expect(await form(page, 'Approve the destruction').count()).to.equal(0);

    await eventually(async () => {
      const listed = await listCasesPastRetention(sys.db, new Date());
      if (!listed.some((r) => r.caseId === id) && !(await sys.db('retention_reviews').where({ case_id: id }).first())) throw new Error('not listed yet');
    });
    // A case manager sees neither the retention state nor the approval.
    const caseys = await browser.page();
    await signIn(caseys, sys, casey, casePage(id));
    await caseys.getByRole('heading', { name: 'Keeping the record' }).waitFor();
    expect(await caseys.getByText(/Due for review/).count()).to.equal(0);
    expect(await form(caseys, 'Approve the destruction').count()).to.equal(0);

    await page.reload();
    await page.getByText(/Due for review: the daily retention review listed it/).waitFor();
    const approve = form(page, 'Approve the destruction');
    await approve.getByRole('button', { name: 'Approve and destroy the case' }).click();
    await expectErrorBeside(form(page, 'Approve the destruction').getByLabel('Reason'), 'is required');
    await checkPage(page, 'approval with an error');
    await sendByKeyboard(page, 'Approve the destruction', 'Past six years, nothing pending', 'Approve and destroy the case');
    await page.getByText('Done: the case is destroyed.').waitFor({ timeout: 60_000 });
    await page.getByText(/The case was destroyed on .* approved by Ada Admin/).waitFor();
    expect(await page.getByText('Old complaint about repairs').count()).to.equal(0);
    expect(await page.getByRole('link', { name: 'Export the case (ZIP)' }).count()).to.equal(0);
    await checkPage(page, 'destroyed case');
    const destructions = (await sys.http.get('/retention/destructions')).body.items as Array<{ caseId: string; approvedBy: string }>;
    expect(destructions.find((d) => d.caseId === id)?.approvedBy).to.equal(ada.id);
  });
});
