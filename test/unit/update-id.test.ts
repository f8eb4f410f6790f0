/** A command's update id stands for the whole request: the same request, the same id; any other part, another id. */
import { expect } from 'chai';
import { updateIdFor, type CommandRequest } from '../../api/update-id';

describe('update ids of commands sent with an Idempotency-Key', () => {
  const request: CommandRequest = { actorId: 'manny', method: 'POST', route: '/cases/:id/tasks/:taskId/complete', params: { id: 'quick-case-000001', taskId: 't1' }, bodyHash: 'a'.repeat(64), key: 'k-1' };

  it('is the same for the same request, whatever the order of its parameters', () => {
    expect(updateIdFor({ ...request, params: { taskId: 't1', id: 'quick-case-000001' } })).to.equal(updateIdFor(request));
    expect(updateIdFor(request)).to.match(/^request-[0-9a-f]{64}$/);
  });

  it('differs when any part of the request differs', () => {
    const others: CommandRequest[] = [
      { ...request, actorId: 'cora' },
      { ...request, method: 'PUT' },
      { ...request, route: '/cases/:id/notes' },
      { ...request, params: { ...request.params, taskId: 't2' } },
      { ...request, bodyHash: 'b'.repeat(64) },
      { ...request, key: 'k-2' },
    ];
    const ids = new Set([request, ...others].map(updateIdFor));
    expect(ids.size).to.equal(others.length + 1);
  });
});
