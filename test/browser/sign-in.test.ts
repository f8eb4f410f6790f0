/** Signing in to the console in a real browser: in and out, alike answers, slowing guesses, forged forms, expired sessions. */
import { expect } from 'chai';
import { quickCase } from '../fixtures/definitions';
import { addPerson, contexts, expectAccessible, expectNoSideScroll, screenshot, scriptBytes, signIn, type Person } from '../helpers/browser';
import { startSystem, type TestSystem } from '../helpers/system';

describe('console: signing in', () => {
  let sys: TestSystem;
  let sam: Person;
  const browser = contexts();
  before(async () => {
    sys = await startSystem({ definitions: [quickCase], console: { guard: { freePerAccount: 3, freePerAddress: 100 } } });
    sam = await addPerson(sys, { roles: ['case_manager'], name: 'Sam Lee' });
  });
  afterEach(() => browser.closeAll());
  after(async () => sys?.stop());

  it('leads a signed-out person to the sign-in page and back, shows their name, and signs them out', async () => {
    const page = await browser.page();
    await page.goto(`${sys.url}/app/cases?phase=assessment`);
    expect(new URL(page.url()).pathname).to.equal('/app/sign-in');
    await expectAccessible(page, 'sign-in, empty');
    await screenshot(page, 'sign-in');
    await page.getByLabel('Email').fill(sam.email);
    await page.getByLabel('Password').fill(sam.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Cases' }).waitFor();
    expect(page.url()).to.equal(`${sys.url}/app/cases?phase=assessment`);
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const link of ['My work', 'Cases', 'New case']) await nav.getByRole('link', { name: link }).waitFor();
    await nav.getByText('Sam Lee').waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You have signed out.').waitFor();
    await page.goto(`${sys.url}/app/my-work`);
    expect(new URL(page.url()).pathname).to.equal('/app/sign-in');
  });

  it('answers a wrong password and an unknown e-mail alike, in words and in time', async () => {
    const page = await browser.page();
    const attempt = async (email: string) => {
      await page.goto(`${sys.url}/app/sign-in`);
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill('not the password at all');
      const started = Date.now();
      const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Sign in' }).click()]);
      const ms = Date.now() - started;
      const text = await page.getByRole('main').innerText();
      return { status: response.status(), text: text.replace(email, 'EMAIL'), ms };
    };
    const wrong = await attempt(sam.email);
    const unknown = await attempt('nobody-at-all@example.org');
    expect(wrong.status).to.equal(401);
    expect(unknown.status).to.equal(wrong.status);
    expect(unknown.text).to.equal(wrong.text);
    expect(wrong.text).to.include('The email or password is not right');
    await expectAccessible(page, 'sign-in, wrong password');
    // Both are checked against a password hash: the unknown e-mail takes no less than half as long.
    // Each side's quickest answer is compared: other work on the machine only ever adds time. Three
    // tries each: more wrong passwords would make the person's e-mail wait, as the test below shows.
    const times = { wrong: [wrong.ms], unknown: [unknown.ms] };
    for (let i = 0; i < 2; i++) {
      times.wrong.push((await attempt(sam.email)).ms);
      times.unknown.push((await attempt(`nobody-${i}@example.org`)).ms);
    }
    expect(Math.min(...times.unknown), JSON.stringify(times)).to.be.at.least(Math.min(...times.wrong) / 2);
  });

  it('makes an e-mail wait after a few failures, the same for one that has no account', async () => {
    const page = await browser.page();
    const fail = async (email: string) => {
      await page.goto(`${sys.url}/app/sign-in`);
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill('guess guess guess');
      const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Sign in' }).click()]);
      // The seconds left depend on how long the pages took, which differs between the two e-mails' turns.
      return { status: response.status(), text: (await page.getByRole('main').innerText()).replace(email, 'EMAIL').replace(/Wait \d+ seconds/, 'Wait N seconds') };
    };
    const guarded = await addPerson(sys, { roles: ['viewer'] });
    const answers = { known: [] as Array<{ status: number; text: string }>, unknown: [] as Array<{ status: number; text: string }> };
    for (let i = 0; i < 5; i++) {
      answers.known.push(await fail(guarded.email));
      answers.unknown.push(await fail('ghost@example.org'));
    }
    // Three free failures, a fourth that starts a wait, and a fifth that meets it.
    expect(answers.known.map((a) => a.status)).to.deep.equal([401, 401, 401, 401, 429]);
    expect(answers.unknown).to.deep.equal(answers.known);
    expect(answers.known[4].text).to.match(/Too many sign-ins failed for this email or from this address\. Wait N seconds/);
    // While it waits, even the right password is not checked.
    await page.goto(`${sys.url}/app/sign-in`);
    await page.getByLabel('Email').fill(guarded.email);
    await page.getByLabel('Password').fill(guarded.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText(/Too many sign-ins failed/).waitFor();
  });

  it('keeps the session cookie HttpOnly and SameSite, and the JSON API does not take it', async () => {
    const page = await browser.page();
    await signIn(page, sys, sam);
    const [cookie] = (await page.context().cookies()).filter((c) => c.name === 'cw_session');
    expect(cookie).to.deep.include({ httpOnly: true, sameSite: 'Lax' });
    const api = await page.request.get(`${sys.url}/cases`);
    expect(api.status()).to.equal(401);
    expect(await page.evaluate(() => document.cookie)).not.to.include('cw_session');
  });

  it('refuses a form without its anti-forgery token and changes nothing', async () => {
    const page = await browser.page();
    await signIn(page, sys, sam, '/app/cases/new?definition=quick-case');
    await page.getByLabel('Title').fill('Forged');
    await page.evaluate(() => document.querySelectorAll('input[name="_csrf"]').forEach((i) => i.remove()));
    const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Open case' }).click()]);
    expect(response.status()).to.equal(403);
    await page.getByRole('heading', { name: 'The form was not accepted' }).waitFor();
    const listed = await sys.http.get('/cases?q=Forged');
    expect(listed.body.items).to.deep.equal([]);
  });

  it('keeps what was typed into a form posted after the session expired, and shows it filled in after signing in again', async () => {
    const page = await browser.page();
    await signIn(page, sys, sam, '/app/cases/new?definition=quick-case');
    await page.getByLabel('Title').fill('Typed before the session ended');
    await page.getByLabel('Client name').fill('Grace Hopper');
    await page.getByLabel('Channel').selectOption('web');
    sys.clock.advance(31 * 60_000);
    await page.getByRole('button', { name: 'Open case' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByText('Your session ended before the form was sent').waitFor();
    expect((await sys.http.get('/cases?q=Typed%20before')).body.items).to.deep.equal([]);

    await page.getByLabel('Email').fill(sam.email);
    await page.getByLabel('Password').fill(sam.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'New case: Quick case' }).waitFor();
    expect(await page.getByLabel('Title').inputValue()).to.equal('Typed before the session ended');
    expect(await page.getByLabel('Client name').inputValue()).to.equal('Grace Hopper');
    expect(await page.getByLabel('Channel').inputValue()).to.equal('web');
    await page.getByRole('status').filter({ hasText: 'Your session had ended' }).waitFor();
  });

  it('serves the sign-in page with little script, fitting a phone and a zoomed window', async () => {
    const page = await browser.page({ viewport: { width: 375, height: 700 } });
    await page.goto(`${sys.url}/app/sign-in`);
    await expectNoSideScroll(page, 'sign-in at 375 px');
    expect(await scriptBytes(page)).to.be.within(1, 150 * 1024);
  });
});
