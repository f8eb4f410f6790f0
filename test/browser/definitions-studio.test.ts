/**
 * The definition studio in a real browser: a designer sees an error at its line with its path and
 * suggestion as they type, fixes it, tries the rules, publishes with a change note; a new case takes
 * the new version while an older case keeps its own; a publish based on an older version than the
 * newest is refused with both changes; and a viewer has no studio and no Publish.
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { quickCase } from '../fixtures/definitions';
import { openCase } from '../helpers/cases';
import { addPerson, contexts, expectAccessible, expectNoSideScroll, screenshot, signIn, type Person } from '../helpers/browser';
import { startSystem, type TestSystem } from '../helpers/system';

describe('console: definitions studio', () => {
  let sys: TestSystem;
  let dee: Person;
  const browser = contexts();
  before(async () => {
    sys = await startSystem({ definitions: [quickCase] });
    dee = await addPerson(sys, { roles: ['designer'], teams: ['team-a'], name: 'Dee Designer' });
  });
  afterEach(() => browser.closeAll());
  after(async () => sys?.stop());

  const editor = (page: Page) => page.getByLabel('Definition (YAML)');
  const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

  it('shows an error at its line as the designer types, then tries, publishes with a change note; new cases take the new version, older ones keep theirs', async () => {
    const older = (await openCase(sys)).id;
    const page = await browser.page();
    await signIn(page, sys, dee, '/app/definitions');
    await page.getByRole('heading', { name: 'Quick case (quick-case)' }).waitFor();
    await expectAccessible(page, 'definitions');
    await page.getByRole('link', { name: 'Edit Quick case' }).click();
    await page.getByRole('heading', { name: 'Edit quick-case' }).waitFor();
    await page.getByText('No problems: this definition can be published.').waitFor();
    await page.getByRole('heading', { name: 'Picture of Quick case' }).waitFor();
    await page.getByRole('group', { name: 'Intake form' }).getByLabel('Client name').waitFor();

    const original = await editor(page).inputValue();
    const broken = original.replace('  rules:\n    - when: "!eligible"', '  rulez:\n    - when: "!eligible"');
    expect(broken).to.not.equal(original);
    await editor(page).fill(broken);
    const problem = page.locator('.problems li').filter({ hasText: 'screening' }).first();
    await problem.waitFor();
    const shown = await problem.innerText();
    expect(shown).to.include(`Line ${lineOf(broken, 'rulez:')}:`);
    expect(shown).to.match(/did you mean 'rules'/);
    await expectAccessible(page, 'editor, with an error');
    await screenshot(page, 'definition-editor-error');

    // The draft is kept on the server: a reload shows it.
    await page.reload();
    expect(await editor(page).inputValue()).to.equal(broken);
    await page.getByText(/Your draft, begun from version 1/).waitFor();

    const fixed = original.replace('name: Quick case', 'name: Quick case, revised');
    await editor(page).fill(fixed);
    await page.getByText('No problems: this definition can be published.').waitFor();
    await page.getByRole('table', { name: 'Changes from version 1, the newest' }).getByText('Quick case, revised').waitFor();

    const intake = page.getByRole('group', { name: 'Intake', exact: true });
    await intake.getByRole('group', { name: 'Eligible' }).getByLabel('No').check();
    const assessment = page.getByRole('group', { name: 'Assessment', exact: true });
    await assessment.getByLabel('Severity').fill('5');
    await assessment.getByRole('group', { name: 'Housing risk' }).getByLabel('Yes').check();
    await page.getByRole('button', { name: 'Try the rules' }).click();
    const tried = page.locator('#try-results');
    await tried.getByText('Screen out (rule 1): Not eligible for the service').waitFor();
    await tried.getByText('10.5', { exact: true }).waitFor();
    await tried.getByText('High', { exact: true }).waitFor();
    await tried.getByText('Severe presenting needs; At risk of losing housing').waitFor();
    await expectAccessible(page, 'editor, tried');
    await expectNoSideScroll(page, 'editor');
    await screenshot(page, 'definition-editor');

    await page.getByRole('button', { name: 'Publish' }).click();
    expect(await page.locator('#field-note-error').innerText()).to.match(/^Error:\s+The change note /);
    expect((await sys.http.get('/definitions/quick-case')).body.version).to.equal(1);
    await page.getByLabel('Change note (required)').fill('Clearer name');
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('Published quick-case version 2.').waitFor();
    await page.getByRole('cell', { name: 'Clearer name' }).waitFor();
    await screenshot(page, 'definitions');

    const newer = (await openCase(sys)).id;
    expect((await sys.http.get(`/cases/${newer}`)).body.definition.version).to.equal(2);
    expect((await sys.http.get(`/cases/${older}`)).body.definition.version).to.equal(1);

    await page.getByRole('button', { name: 'Compare' }).click();
    await page.getByRole('table', { name: 'From version 1 to version 2' }).getByText('Quick case, revised').waitFor();
    await expectAccessible(page, 'diff');
  });

  it('refuses to publish a draft begun before a newer version was published, showing both changes', async () => {
    const page = await browser.page();
    await signIn(page, sys, dee, '/app/definitions/quick-case/edit');
    const base = (await sys.http.get('/definitions/quick-case')).body;
    const text = await editor(page).inputValue();
    await editor(page).fill(text.replace(/description: .*/, 'description: Mine'));
    await page.getByRole('table', { name: new RegExp(`Changes from version ${base.version}`) }).getByText('Mine').waitFor();
    // Someone else publishes meanwhile.
    const theirs = { ...base.definition, description: 'Theirs' };
    expect((await sys.http.put('/definitions/quick-case', theirs)).status).to.equal(201);
    await page.getByLabel('Change note (required)').fill('My description');
    await page.getByRole('button', { name: 'Publish' }).click();
    const alert = page.getByRole('alert').filter({ hasText: `version ${base.version + 1} was published after your draft began from version ${base.version}` });
    await alert.waitFor();
    await alert.getByRole('table', { name: /Their change/ }).getByText('Theirs').waitFor();
    await alert.getByRole('table', { name: /Your change/ }).getByText('Mine').waitFor();
    expect((await sys.http.get('/definitions/quick-case')).body.description).to.equal('Theirs');
    await expectAccessible(page, 'editor, publish refused');
  });

  it('gives a viewer no studio and no Publish', async () => {
    const vera = await addPerson(sys, { roles: ['viewer'], teams: ['team-a'], name: 'Vera Viewer' });
    const page = await browser.page();
    await signIn(page, sys, vera);
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Definitions' }).count()).to.equal(0);
    const res = await page.goto(`${sys.url}/app/definitions/quick-case/edit`);
    expect(res?.status()).to.be.oneOf([403, 404]);
    expect(await page.getByRole('button', { name: 'Publish' }).count()).to.equal(0);
  });
});
