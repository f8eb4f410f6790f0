/**
 * One real Chromium (Debian's, never a downloaded one) for the whole test run, started on first
 * use and closed by the root afterAll hook; each test takes a new context, so no cookie or storage
 * crosses from one test to the next. Tests find things as people do: by role and visible label.
 */
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect } from 'chai';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';
import { hashPassword } from '../../console/auth/passwords';
import { ensureChromium } from '../../scripts/provision-chromium';
import { setPasswordHash } from '../../store/credentials';
import type { TestSystem, TestUser, UserSpec } from './system';

let browser: Promise<Browser> | undefined;

export function getBrowser(): Promise<Browser> {
  browser ??= chromium.launch({ executablePath: ensureChromium(), args: ['--no-sandbox'] });
  return browser;
}

export async function teardownBrowser(): Promise<void> {
  const b = await browser?.catch(() => undefined);
  browser = undefined;
  await b?.close();
}

/** A new context for one test; the caller closes it (see `contexts`). */
export async function newContext(options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await (await getBrowser()).newContext({ timezoneId: 'Europe/London', locale: 'en-GB', ...options });
  context.setDefaultTimeout(10_000);
  return context;
}

/** Contexts opened in a test, closed after it. */
export function contexts() {
  const open: BrowserContext[] = [];
  return {
    async page(options: BrowserContextOptions = {}): Promise<Page> {
      const context = await newContext(options);
      open.push(context);
      return context.newPage();
    },
    async closeAll(): Promise<void> {
      await Promise.all(open.splice(0).map((c) => c.close()));
    },
  };
}

export interface Person extends TestUser {
  email: string;
  name: string;
  password: string;
}

let people = 0;

/** A person who can sign in: a user with a name, an e-mail and a password. */
export async function addPerson(sys: TestSystem, spec: UserSpec & { name?: string }): Promise<Person> {
  const user = await sys.addUser(spec);
  const name = spec.name ?? `Person ${++people}`;
  await sys.db('users').where({ id: user.id }).update({ name });
  const password = `correct horse ${user.id} staple`;
  await setPasswordHash(sys.db, user.id, await hashPassword(password), new Date());
  return { ...user, name, email: `${user.id}@example.org`, password };
}

export async function signIn(page: Page, sys: TestSystem, person: Pick<Person, 'email' | 'password'>, path = '/app/'): Promise<void> {
  await page.goto(sys.url + path);
  await page.getByLabel('Email').fill(person.email);
  await page.getByLabel('Password').fill(person.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** No WCAG 2.1 A or AA violation of any impact, as axe-core finds them. */
export async function expectAccessible(page: Page, state: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const found = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(found, `${state}: accessibility violations`).to.deep.equal([]);
  expect(result.passes.length, `${state}: axe ran its rules`).to.be.greaterThan(10);
}

/** The page fits its width: nothing makes it scroll sideways. */
export async function expectNoSideScroll(page: Page, state: string): Promise<void> {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(scroll, `${state}: the page is ${scroll} px wide in a ${client} px window`).to.be.at.most(client);
}

/** The script a page loaded, in bytes as decoded, from the browser's resource timing. */
export async function scriptBytes(page: Page): Promise<number> {
  return page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .filter((e) => (e as PerformanceResourceTiming).initiatorType === 'script')
      .reduce((sum, e) => sum + (e as PerformanceResourceTiming).decodedBodySize, 0),
  );
}

/**
 * Writes a screenshot of the page when CONSOLE_SCREENSHOTS_DIR names a folder (the README's
 * pictures come from `CONSOLE_SCREENSHOTS_DIR=docs/console`); otherwise does nothing.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.CONSOLE_SCREENSHOTS_DIR;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

/** Presses Tab until the element has focus, and checks that the focus can be seen. */
export async function tabTo(page: Page, target: Locator, most = 60): Promise<void> {
  for (let i = 0; i < most; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === document.activeElement)) {
      const visible = await target.evaluate((el) => {
        const s = getComputedStyle(el);
        return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
      });
      expect(visible, 'the focused element shows its focus').to.equal(true);
      return;
    }
  }
  throw new Error(`Tab did not reach ${String(target)} within ${most} presses`);
}
