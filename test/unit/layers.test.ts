/**
 * Every import points down (scripts/check-layers.ts): the project has no import from a higher layer
 * and no circle of imports, and the check finds each when a file is given one.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { checkLayers, layerOf, ROOT } from '../../scripts/check-layers';

/** A project file's text with one more line. */
const withLine = (file: string, line: string) => ({ [file]: `${readFileSync(path.join(ROOT, file), 'utf8')}\n${line}\n` });

describe('layers: every import points down', function () {
  this.timeout(30_000);

  it('holds for the whole project', () => {
    expect(checkLayers()).to.deep.equal([]);
  });

  it('refuses an import from a higher layer, type-only imports too', () => {
    expect(checkLayers(withLine('common/phases.ts', `import { HttpError } from '../api/problem';`))).to.deep.equal([
      'common/phases.ts imports api/problem.ts, which is higher (api is above common): move the shared part down',
    ]);
    expect(checkLayers(withLine('store/reports.ts', `import type { ResolvedRecipient } from '../activities/recipients';`))).to.deep.equal([
      'store/reports.ts imports activities/recipients.ts, which is higher (activities is above store): move the shared part down',
    ]);
    expect(checkLayers(withLine('api/auth/permissions.ts', `export { healthRoutes } from '../routes/health';`))).to.deep.equal([
      'api/auth/permissions.ts imports api/routes/health.ts, which is higher (api/routes is above api/auth): move the shared part down',
    ]);
  });

  it('refuses a circle of imports inside one layer', () => {
    expect(checkLayers(withLine('common/phases.ts', `import type { CaseView } from './case-types';`))).to.deep.equal([
      'circle of imports: common/case-types.ts → common/phases.ts → common/case-types.ts',
    ]);
  });

  it('places a file by the longest entry that holds it, and a file of a folder with no layer nowhere', () => {
    expect(layerOf('api/routes/cases.ts')?.entry).to.equal('api/routes');
    expect(layerOf('server/app.ts')?.entry).to.equal('server');
    expect(layerOf('api/openapi/document.ts')?.entry).to.equal('api/openapi');
    expect(layerOf('api/case-service.ts')?.entry).to.equal('api');
    expect(layerOf('test/helpers/system.ts')?.entry).to.equal('test/helpers');
    expect(layerOf('apis/x.ts')).to.equal(undefined);
    expect(layerOf('console/page.ts')?.entry).to.equal('console');
    expect(layerOf('consoles/page.ts')).to.equal(undefined);
  });
});
