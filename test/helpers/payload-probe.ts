/**
 * A workflow interceptor of the test bundle: it measures what a case sends out of its workflow
 * that history does not keep, the inputs of its local activities and the answers of its updates,
 * and reports each size to the worker through a sink (payload-sizes.ts keeps them).
 */
import { defaultPayloadConverter } from '@temporalio/common';
import { proxySinks, type Sinks, type WorkflowInterceptorsFactory } from '@temporalio/workflow';

export interface PayloadProbeSinks extends Sinks {
  payloadProbe: { sent(kind: string, bytes: number): void };
}

const { payloadProbe } = proxySinks<PayloadProbeSinks>();

/** Bytes of the payloads the default converter makes of the values, as Temporal carries them. */
const bytes = (values: unknown[]): number => values.reduce<number>((n, v) => n + (defaultPayloadConverter.toPayload(v)?.data?.length ?? 0), 0);

export const interceptors: WorkflowInterceptorsFactory = () => ({
  inbound: [
    {
      async handleUpdate(input, next) {
        const answer = await next(input);
        payloadProbe.sent(`answer of ${input.name}`, bytes([answer]));
        return answer;
      },
    },
  ],
  outbound: [
    {
      async scheduleLocalActivity(input, next) {
        payloadProbe.sent(`local activity ${input.activityType}`, bytes(input.args));
        return next(input);
      },
    },
  ],
});
