/** Root hooks: the shared Temporal servers stop once, after every test file has run. */
import { teardownEnvs } from './temporal-env';

export const mochaHooks = {
  async afterAll(this: Mocha.Context) {
    this.timeout(30_000);
    await teardownEnvs();
  },
};
