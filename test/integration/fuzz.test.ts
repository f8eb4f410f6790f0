/** A small run of the document-driven fuzzer: a few hundred good and broken requests, no failure. */
import { expect } from 'chai';
import { runFuzz } from '../../fuzz/fuzz';
import { summary } from '../../fuzz/report';

describe('fuzz: requests made from the OpenAPI document', () => {
  it('answers 300 generated requests as the document says, and rejected ones change nothing', async function () {
    this.timeout(240_000);
    const result = await runFuzz({ requests: 300, concurrency: 8, limitMs: 120_000, seed: 1234, trailSampleEvery: 1, log: () => undefined });
    expect(result.sent).to.equal(300);
    expect(result.failures, summary(result)).to.deep.equal([]);
  });
});
