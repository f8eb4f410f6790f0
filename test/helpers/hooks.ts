/** Root hooks: the shared Temporal and PostgreSQL servers and the browser stop once, after every test file has run. */
import { teardownBrowser } from './browser';
import { teardownPostgres } from './postgres';
import { teardownEnvs } from './temporal-env';

export const mochaHooks = {
  async afterAll(this: Mocha.Context) {
    this.timeout(30_000);
    await Promise.all([teardownEnvs(), teardownPostgres(), teardownBrowser()]);
  },
};
