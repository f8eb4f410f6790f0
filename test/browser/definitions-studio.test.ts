/**
 * The definition studio in a real browser: a designer sees an error at its line with its path and
 * suggestion as they type, fixes it, tries the rules, publishes with a change note; a new case takes
 * the new version while an older case keeps its own; a publish based on an older version than the
 * newest is refused with both changes; a new definition begun from a starter template, refused
 * beside its fields first, its lifecycle keys in the picture, published as version 1; and a viewer
 * has no studio and no Publish.
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

  it('begins a new definition from a starter template, refused beside its fields with what was typed kept, shows its lifecycle keys in the picture, and publishes it as version 1', async () => {
    const page = await browser.page();
    await signIn(page, sys, dee, '/app/definitions');
    await page.getByRole('link', { name: 'New definition' }).click();
    await page.getByRole('heading', { name: 'New definition' }).waitFor();
    await expectAccessible(page, 'new definition');

    // A key taken already and no name: refused, each error beside its field, what was typed kept.
    await page.getByLabel('Key').fill('quick-case');
    await page.getByLabel('Basic with reopening, retention, personal data and routing').check();
    await page.getByRole('button', { name: 'Begin the draft' }).click();
    await page.getByRole('alert').filter({ hasText: 'The definition was not begun: 2 fields need a change.' }).waitFor();
    expect(await page.locator('#field-key-error').innerText()).to.match(/^Error:\s+A definition 'quick-case' exists already/);
    expect(await page.getByLabel('Key').getAttribute('aria-describedby')).to.include('field-key-error');
    expect(await page.locator('#field-name-error').innerText()).to.match(/^Error:\s+The name must not be empty/);
    expect(await page.getByLabel('Key').inputValue()).to.equal('quick-case');
    expect(await page.getByLabel('Basic with reopening, retention, personal data and routing').isChecked()).to.equal(true);
    await expectAccessible(page, 'new definition, refused');
    await screenshot(page, 'new-definition-error');
    expect((await sys.http.get('/definitions/family-support')).status).to.equal(404);

    await page.getByLabel('Key').fill('family-support');
    await page.getByLabel('Name').fill('Family support');
    await page.getByRole('button', { name: 'Begin the draft' }).click();
    await page.getByRole('heading', { name: 'Edit family-support' }).waitFor();
    await page.getByText('No problems: this definition can be published.').waitFor();
    await page.getByRole('heading', { name: 'Picture of Family support' }).waitFor();
    const lifecycle = page.getByRole('region', { name: 'Lifecycle' });
    expect(await lifecycle.innerText()).to.include('By supervisor within P90D of closing; resumes at');
    expect(await lifecycle.innerText()).to.include('Keep P6Y after closing; destruction approved by supervisor or admin; legal holds by supervisor');
    expect(await lifecycle.innerText()).to.include('Identified by the intake field client_email');
    const routing = page.getByRole('table', { name: 'Routing per phase (routing)' });
    expect(await routing.getByRole('row', { name: /Planning/ }).innerText()).to.match(/as it is\s+least loaded/);
    expect(await routing.getByRole('row', { name: /Implementation/ }).innerText()).to.match(/keep\s+as they are/);

    // A mistake in a lifecycle key is shown at its line; the task's child and capabilities then appear in the picture.
    const text = await editor(page).inputValue();
    const broken = text.replace('keep: P6Y', 'keep: six years');
    expect(broken).to.not.equal(text);
    await editor(page).fill(broken);
    const problem = page.locator('.problems li').filter({ hasText: 'retention.keep' }).first();
    await problem.waitFor();
    expect(await problem.innerText()).to.include(`Line ${lineOf(broken, 'keep: six years')}:`);
    const withTask = text.replace('{ title: Check in, role: caseworker, due: P14D }', "{ title: Check in, role: caseworker, due: P14D, requires: [{ name: 'language:pl', level: 3 }], prefers: [{ name: driving, level: 1 }], child: { definition: quick-case, intake: { client_name: client_name } } }");
    expect(withTask).to.not.equal(text);
    await editor(page).fill(withTask);
    await page.getByText('No problems: this definition can be published.').waitFor();
    const lowTasks = page.getByRole('list', { name: 'Plan tasks, low risk' });
    await lowTasks.getByText('Low risk: Check in: caseworker, due P14D after the plan; required; requires language:pl 3; prefers driving 1; opens a child case of quick-case (intake: client_name from client_name)').waitFor();
    await expectAccessible(page, 'editor of a new definition');
    await screenshot(page, 'definition-lifecycle');

    // The draft is on the server: a reload, and the list of definitions, show it.
    await page.reload();
    expect(await editor(page).inputValue()).to.equal(withTask);
    await page.getByText(/Your new definition, not published yet/).waitFor();

    await page.getByRole('button', { name: 'Publish' }).click();
    expect(await page.locator('#field-note-error').innerText()).to.match(/^Error:\s+The change note /);
    expect(await editor(page).inputValue()).to.equal(withTask);
    expect((await sys.http.get('/definitions/family-support')).status).to.equal(404);
    await page.getByLabel('Change note (required)').fill('First version');
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('Published family-support version 1.').waitFor();
    await page.getByRole('heading', { name: 'Family support (family-support)' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Your new definitions, not published yet' }).count()).to.equal(0);

    const published = (await sys.http.get('/definitions/family-support')).body;
    expect(published.version).to.equal(1);
    expect(published.definition.planning.low.tasks[0].requires).to.deep.equal([{ name: 'language:pl', level: 3 }]);
    expect(published.definition.reopen).to.deep.include({ within: 'P90D', phase: 'assessment' });
    const opened = await sys.http.post('/cases', { definition: 'family-support', title: 'A family', intake: { client_name: 'Sam Lee', eligible: true } });
    expect(opened.status, JSON.stringify(opened.body)).to.equal(201);
    expect(opened.body.definition).to.deep.equal({ key: 'family-support', version: 1 });
    expect(opened.body.team).to.equal('team-a');
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
