/**
 * `npm run temporal:setup` against the dev server, on a namespace that does not exist yet: the first
 * run registers it and adds the case search attributes through the operator service; the second
 * finds everything in place and changes nothing.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { temporal } from '@temporalio/proto';
import { CASE_SEARCH_ATTRIBUTES } from '../../common/search-attributes';
import { cloudCommand } from '../../runtime/cluster-setup';
import { getEnv } from '../helpers/temporal-env';

const ROOT = path.resolve(__dirname, '..', '..');
const run = promisify(execFile);

describe('temporal:setup: prepares a cluster, idempotently', () => {
  it('registers a missing namespace and the case search attributes, then on a second run finds them in place', async () => {
    const env = await getEnv();
    const namespace = `setup-${randomBytes(4).toString('hex')}`;
    const setup = () => run(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'temporal-setup.ts')], { cwd: ROOT, env: { ...process.env, TEMPORAL_ADDRESS: env.address, TEMPORAL_NAMESPACE: namespace } });

    const first = await setup();
    expect(first.stdout).to.include(`namespace '${namespace}' registered`);
    expect(first.stdout).to.include(`done: namespace registered, ${CASE_SEARCH_ATTRIBUTES.length} search attributes added, 0 already there`);
    const listed = await env.connection.operatorService.listSearchAttributes({ namespace });
    for (const key of CASE_SEARCH_ATTRIBUTES) {
      expect(listed.customAttributes?.[key.name], key.name).to.equal(temporal.api.enums.v1.IndexedValueType[`INDEXED_VALUE_TYPE_${key.type}` as keyof typeof temporal.api.enums.v1.IndexedValueType]);
    }

    const second = await setup();
    expect(second.stdout).to.include(`namespace '${namespace}' exists`);
    expect(second.stdout).to.include(`done: namespace found, 0 search attributes added, ${CASE_SEARCH_ATTRIBUTES.length} already there`);
  });

  it('names the Temporal Cloud command that adds the attributes where the operator service may not', () => {
    expect(cloudCommand('casework.a1b2c')).to.equal(
      'tcld namespace search-attributes add --namespace casework.a1b2c --search-attribute "CaseType=Keyword" --search-attribute "CasePhase=Keyword" --search-attribute "CaseRisk=Keyword" --search-attribute "CaseStatus=Keyword" --search-attribute "CaseAssignee=Keyword" --search-attribute "CaseTeam=Keyword" --search-attribute "CaseDueAt=Datetime"',
    );
  });
});
