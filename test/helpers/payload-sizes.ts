/**
 * What cases sent, by size: the probe in the test bundle (payload-probe.ts) reports local-activity
 * inputs and update answers here, and history gives scheduled-activity and continue-as-new inputs.
 */
import type { InjectedSinks } from '@temporalio/worker';
import { Client, Connection } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import type { PayloadProbeSinks } from './payload-probe';

export interface SentPayload {
  workflowId: string;
  kind: string;
  bytes: number;
}

const sent: SentPayload[] = [];

export const payloadProbeSinks: InjectedSinks<PayloadProbeSinks> = {
  payloadProbe: { sent: { fn: (info, kind, bytes) => void sent.push({ workflowId: info.workflowId, kind, bytes }) } },
};

/** What the probe saw a case send. */
export const probedPayloads = (workflowId: string): SentPayload[] => sent.filter((p) => p.workflowId === workflowId);

const payloadBytes = (payloads: temporal.api.common.v1.IPayloads | null | undefined) => (payloads?.payloads ?? []).reduce((n, p) => n + (p.data?.length ?? 0) + (p.metadata ? Object.values(p.metadata).reduce((m, v) => m + v.length, 0) : 0), 0);

/** A history may come whole in one message (the time-skipping server sends it so): allow it. */
const MAX_HISTORY_MESSAGE = 256 << 20;

/**
 * The inputs a case's runs sent through history: every activity scheduled, every continue-as-new
 * and every start, over all of its runs (walked back from the latest by the run each continued).
 */
export async function historyPayloads(server: { address: string; namespace?: string }, workflowId: string): Promise<SentPayload[]> {
  const connection = await Connection.connect({ address: server.address, channelArgs: { 'grpc.max_receive_message_length': MAX_HISTORY_MESSAGE } });
  try {
    return await payloadsOfRuns(new Client({ connection, namespace: server.namespace ?? 'default' }), workflowId);
  } finally {
    await connection.close();
  }
}

async function payloadsOfRuns(client: Client, workflowId: string): Promise<SentPayload[]> {
  const found: SentPayload[] = [];
  let runId: string | undefined;
  for (;;) {
    const { events } = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    let previous: string | undefined;
    for (const e of events ?? []) {
      const started = e.workflowExecutionStartedEventAttributes;
      if (started) {
        found.push({ workflowId, kind: 'start', bytes: payloadBytes(started.input) });
        previous = started.continuedExecutionRunId || undefined;
      }
      const scheduled = e.activityTaskScheduledEventAttributes;
      if (scheduled) found.push({ workflowId, kind: `activity ${scheduled.activityType?.name}`, bytes: payloadBytes(scheduled.input) });
      const continued = e.workflowExecutionContinuedAsNewEventAttributes;
      if (continued) found.push({ workflowId, kind: 'continue-as-new', bytes: payloadBytes(continued.input) });
    }
    if (!previous) return found;
    runId = previous;
  }
}
