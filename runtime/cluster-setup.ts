/**
 * Prepares the Temporal cluster a deployment names: its namespace exists (registered on a
 * self-hosted cluster when missing) and carries the case search attributes, added through the
 * operator service. Run again, it finds everything in place and changes nothing. Where the
 * operator service may not add search attributes (Temporal Cloud), it says which command does.
 */
import { Connection, type ConnectionOptions } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { CASE_SEARCH_ATTRIBUTES } from '../common/search-attributes';

const { IndexedValueType } = temporal.api.enums.v1;
type Indexed = temporal.api.enums.v1.IndexedValueType;

export interface SetupReport {
  namespace: 'found' | 'registered';
  /** Search attributes added now, and those found already in place. */
  added: string[];
  present: string[];
  /** Set when the cluster would not add them: the command that does. */
  manualCommand?: string;
}

export class ClusterSetupError extends Error {
  override name = 'ClusterSetupError';
}

const GRPC = { NOT_FOUND: 5, ALREADY_EXISTS: 6, PERMISSION_DENIED: 7, UNIMPLEMENTED: 12 };
const codeOf = (err: unknown) => (err as { code?: number })?.code ?? (err as { cause?: { code?: number } })?.cause?.code;

const wanted = () => CASE_SEARCH_ATTRIBUTES.map((k) => ({ name: k.name, type: IndexedValueType[`INDEXED_VALUE_TYPE_${k.type}` as keyof typeof IndexedValueType] as Indexed, typeName: k.type }));

/** Temporal Cloud's own command-line tool adds search attributes to a namespace. */
export function cloudCommand(namespace: string): string {
  const attrs = wanted().map((a) => `--search-attribute "${a.name}=${a.typeName === 'DATETIME' ? 'Datetime' : 'Keyword'}"`).join(' ');
  return `tcld namespace search-attributes add --namespace ${namespace} ${attrs}`;
}

async function retrying<T>(what: () => Promise<T>, retryable: (err: unknown) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await what();
    } catch (err) {
      if (!retryable(err) || Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

export async function setupCluster(options: ConnectionOptions & { namespace: string; retentionDays?: number }, log: (line: string) => void = () => undefined): Promise<SetupReport> {
  const connection = await Connection.connect(options);
  try {
    const { namespace } = options;
    let registered = false;
    try {
      await connection.workflowService.describeNamespace({ namespace });
      log(`namespace '${namespace}' exists`);
    } catch (err) {
      if (codeOf(err) !== GRPC.NOT_FOUND) throw err;
      try {
        await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs((options.retentionDays ?? 30) * 86_400_000) });
        registered = true;
        log(`namespace '${namespace}' registered (closed cases kept ${options.retentionDays ?? 30} days in Temporal)`);
      } catch (e) {
        if (codeOf(e) !== GRPC.ALREADY_EXISTS) throw e;
      }
      // A new namespace reaches every part of the cluster within seconds.
      await retrying(() => connection.workflowService.describeNamespace({ namespace }), (e) => codeOf(e) === GRPC.NOT_FOUND);
    }

    const list = () => retrying(() => connection.operatorService.listSearchAttributes({ namespace }), (e) => codeOf(e) === GRPC.NOT_FOUND);
    const existing = (await list()).customAttributes ?? {};
    const present: string[] = [];
    const missing: ReturnType<typeof wanted> = [];
    for (const a of wanted()) {
      const have = existing[a.name];
      if (have === undefined || have === null) missing.push(a);
      else if (have !== a.type) throw new ClusterSetupError(`search attribute ${a.name} exists in namespace '${namespace}' as ${IndexedValueType[have]}, not ${a.typeName}; a case search attribute cannot change type: remove it (temporal operator search-attribute remove --name ${a.name}) or use another namespace`);
      else present.push(a.name);
    }
    if (missing.length === 0) {
      log(`search attributes in place: ${present.join(', ')}`);
      return { namespace: registered ? 'registered' : 'found', added: [], present };
    }
    try {
      await retrying(
        () => connection.operatorService.addSearchAttributes({ namespace, searchAttributes: Object.fromEntries(missing.map((a) => [a.name, a.type])) }),
        (e) => codeOf(e) === GRPC.NOT_FOUND,
      );
    } catch (err) {
      const code = codeOf(err);
      if (code === GRPC.PERMISSION_DENIED || code === GRPC.UNIMPLEMENTED) {
        return { namespace: registered ? 'registered' : 'found', added: [], present, manualCommand: cloudCommand(namespace) };
      }
      if (code !== GRPC.ALREADY_EXISTS) throw err;
    }
    log(`search attributes added: ${missing.map((a) => a.name).join(', ')}`);
    return { namespace: registered ? 'registered' : 'found', added: missing.map((a) => a.name), present };
  } finally {
    await connection.close();
  }
}
