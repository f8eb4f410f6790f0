/**
 * Structured JSON logs, one object a line: each process makes one logger, and the Temporal
 * runtime's messages (the worker's, its workflows' and activities') go through it too. What people
 * type (form fields, notes, titles) is never logged: request lines carry the route, status and
 * ids, and errors only their type and message.
 */
import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel as TemporalLevel, LogMetadata } from '@temporalio/common';
import { DefaultLogger } from '@temporalio/worker';

export type { Logger } from 'pino';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

export function createLogger(options: { level: LogLevel; name: string }, destination?: DestinationStream): Logger {
  return pino(
    {
      name: options.name,
      level: options.level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // A field of these names anywhere in an object logged is replaced, whatever logs it.
      redact: { paths: ['authorization', 'password', '*.authorization', '*.password', 'req.headers', 'body', '*.body', 'input', 'intake'], censor: '[redacted]' },
    },
    destination,
  );
}

const LEVELS: Record<TemporalLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' };

/** Meta that can carry what a case holds: a workflow's or activity's arguments and results. */
const DROPPED_META = new Set(['args', 'result', 'input', 'payload', 'payloads']);

/** The Temporal runtime's logger, writing through `logger`: workflow and activity lines keep their ids, the case's id as `caseId`. */
export function temporalLogger(logger: Logger): DefaultLogger {
  const level = (logger.level === 'silent' ? 'ERROR' : logger.level.toUpperCase()) as TemporalLevel;
  return new DefaultLogger(level === ('FATAL' as TemporalLevel) ? 'ERROR' : level, (entry) => {
    const meta: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(entry.meta ?? ({} as LogMetadata))) if (!DROPPED_META.has(k)) meta[k] = v;
    if (typeof meta.workflowId === 'string') meta.caseId = meta.workflowId;
    logger[LEVELS[entry.level]]({ ...meta, source: 'temporal' }, entry.message);
  });
}
