/**
 * Configuration, read once from environment variables, validated, typed and passed down.
 * The README's configuration table documents every variable here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { estimatedKeyBits, MIN_KEY_BITS } from './key-strength';

const port = z.coerce.number().int().min(0).max(65535);
const optional = z
  .string()
  .optional()
  .transform((v) => (v === '' ? undefined : v));

const envSchema = z.object({
  PORT: port.default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: optional,
  TEMPORAL_ADDRESS: optional,
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  TEMPORAL_TLS: z.enum(['true', 'false']).optional(),
  TEMPORAL_TLS_CERT: optional,
  TEMPORAL_TLS_KEY: optional,
  TEMPORAL_TLS_CA: optional,
  TEMPORAL_API_KEY: optional,
  TASK_QUEUE: z.string().default('cases'),
  DEFINITIONS_DIR: optional,
  LOG_LEVEL: z.enum(['error', 'warn', 'info', 'debug']).default('info'),
  METRICS_ENABLED: z.enum(['true', 'false']).default('true'),
  METRICS_PORT: port.optional(),
  METRICS_HOST: z.string().default('0.0.0.0'),
  OTEL_EXPORTER_OTLP_ENDPOINT: optional.refine((v) => v === undefined || /^https?:\/\/[^\s]+$/.test(v), 'must be an http:// or https:// address of an OTLP/HTTP collector, e.g. http://otel-collector:4318'),
  OTEL_SERVICE_NAME: optional,
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  WORKFLOW_BUNDLE: optional,
  READ_MODEL_CHECK: z.enum(['on', 'off']).default('on'),
  CASE_HISTORY_LIMIT: z.coerce.number().int().min(50).default(2000),
  ROLLOVER_WAIT_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  MOVE_JOB_LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  WORKFLOW_CACHE_SIZE: z.coerce.number().int().min(0).default(250),
  SMTP_URL: optional.refine((v) => v === undefined || /^smtps?:\/\//.test(v), 'must start with smtp:// or smtps://'),
  SMTP_FROM: z.string().min(1).default('Casework <casework@localhost>'),
  SMTP_SINK_PORT: port.default(2525),
  ADMIN_API_KEY: optional
    .refine((v) => v === undefined || /^[\x21-\x7e]{32,256}$/.test(v), 'must be 32 to 256 printable characters without spaces')
    .refine((v) => v === undefined || !/^[\x21-\x7e]{32,256}$/.test(v) || estimatedKeyBits(v) >= MIN_KEY_BITS, {
      error: (issue) =>
        `looks too predictable to be stored as an unsalted hash (about ${estimatedKeyBits(String(issue.input))} bits by estimate, at least ${MIN_KEY_BITS} needed); use 32 random bytes, e.g. the output of 'openssl rand -base64 32'`,
    }),
  CORS_ORIGINS: optional,
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  AUTH_FAILURE_LIMIT: z.coerce.number().int().min(1).default(20),
  AUTH_FAILURE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
  DOCUMENTS_DIR: optional,
  DOCUMENT_MAX_BYTES: z.coerce.number().int().min(1).default(10 * 1024 * 1024),
  REPORT_EMAIL_TO: optional,
  PUBLIC_URL: optional.refine((v) => v === undefined || /^https?:\/\/[^/?#\s]+(\/[^?#\s]*)?$/.test(v), 'must be an http:// or https:// address such as https://casework.example.org'),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(30),
  ADMIN_EMAIL: optional.refine((v) => v === undefined || z.email().safeParse(v).success, 'must be an e-mail address'),
  ADMIN_PASSWORD: optional.refine((v) => v === undefined || (v.length >= 12 && v.length <= 256), 'must be 12 to 256 characters long'),
  NOTIFY_ALLOWED_DOMAINS: optional.refine(
    (v) => v === undefined || v.split(',').every((d) => /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i.test(d.trim())),
    'must be domains separated by commas, e.g. example.org,partner.example.com',
  ),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  definitionsDir: string;
  taskQueue: string;
  logLevel: 'error' | 'warn' | 'info' | 'debug';
  metrics: {
    enabled: boolean;
    /** The API serves `/metrics` on its own port when this is unset; the worker serves on it, and not at all when unset. */
    port?: number;
    host: string;
  };
  /** Traces go to this OTLP/HTTP collector; none are made when unset. */
  tracing: { endpoint?: string; serviceName?: string };
  /** How many proxies in front of the API to trust for the client's address (X-Forwarded-For); 0 trusts none. */
  trustProxy: number;
  workflowCacheSize: number;
  /** History events after which a case continues as new. */
  caseHistoryLimit: number;
  /** How long the API sends a command again while the case refuses it as busy (opening, or rolling over), before it answers 503. */
  rolloverWaitMs: number;
  /** How long an API process's claim on a move job holds without renewal; a job whose claim ran out is resumed by any API process. */
  moveJobLeaseMs: number;
  /** A prebuilt workflow bundle (`npm run bundle`); without one the worker bundles on start. */
  workflowBundle?: string;
  /** Whether the worker checks the read model against the case workflows when it starts (worker/read-model-check.ts). */
  readModelCheck: boolean;
  smtp: {
    /** Undefined in the embedded default: `npm start` runs a local mail sink on `sinkPort`. */
    url?: string;
    from: string;
    sinkPort: number;
  };
  security: {
    /** Used as the first admin's key instead of a generated one; read only when no admin exists. */
    adminApiKey?: string;
    /** Origins a browser may call the API from; none by default. */
    corsOrigins: string[];
    /** Requests per minute per API key. */
    rateLimitPerMinute: number;
    /** Requests with a key that fails to authenticate, per client address and window, before the address gets 429. */
    authFailureLimit: number;
    authFailureWindowSeconds: number;
  };
  documents: {
    /** Where uploaded documents are kept, by their SHA-256: `DATA_DIR/documents` unless DOCUMENTS_DIR is set. */
    dir: string;
    /** The largest document an upload may carry, in bytes. */
    maxBytes: number;
  };
  reports: {
    /** Who receives the weekly portfolio report by e-mail (comma-separated); no e-mail when unset. */
    emailTo?: string;
  };
  notifications: {
    /** Domains a designer's fixed notification addresses may be in; others need an admin's approval. */
    allowedDomains: string[];
  };
  console: {
    /** Where people reach the console, for the links in e-mails and on the console at start; no trailing slash. */
    publicUrl: string;
    /** A console session ends after this long without a request. */
    sessionIdleMinutes: number;
    /** With adminPassword: the admin who gets that password when no active admin has one. */
    adminEmail?: string;
    adminPassword?: string;
  };
  temporal: {
    /** Undefined in the embedded default: `npm start` runs a dev server on `devPort`. */
    address?: string;
    namespace: string;
    devPort: number;
    uiPort: number;
    tls?: { cert?: string; key?: string; ca?: string };
    apiKey?: string;
  };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Variables that may instead name a file holding the value (`DATABASE_URL_FILE`), as container platforms hand out secrets. */
export const FILE_VARIABLES = ['DATABASE_URL', 'ADMIN_API_KEY', 'ADMIN_PASSWORD', 'TEMPORAL_API_KEY', 'SMTP_URL'] as const;

/** The environment with each `<NAME>_FILE` read into `<NAME>`, without the file's final line break. */
export function withSecretFiles(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out = { ...env };
  const problems: string[] = [];
  for (const name of FILE_VARIABLES) {
    const file = env[`${name}_FILE`];
    if (!file) continue;
    if (env[name]) {
      problems.push(`  ${name}_FILE: set along with ${name}; set only one of them`);
      continue;
    }
    try {
      out[name] = fs.readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (err) {
      problems.push(`  ${name}_FILE: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  if (problems.length > 0) throw new ConfigError(`invalid configuration:\n${problems.join('\n')}`);
  return out;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(withSecretFiles(env));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if ((e.ADMIN_EMAIL === undefined) !== (e.ADMIN_PASSWORD === undefined)) {
    throw new ConfigError(`invalid configuration:\n  ${e.ADMIN_EMAIL === undefined ? 'ADMIN_EMAIL' : 'ADMIN_PASSWORD'}: must be set along with ${e.ADMIN_EMAIL === undefined ? 'ADMIN_PASSWORD' : 'ADMIN_EMAIL'}`);
  }
  const tlsFiles = e.TEMPORAL_TLS_CERT || e.TEMPORAL_TLS_KEY || e.TEMPORAL_TLS_CA;
  const tlsOn = e.TEMPORAL_TLS === 'true' || (e.TEMPORAL_TLS !== 'false' && (tlsFiles || e.TEMPORAL_API_KEY));
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    definitionsDir: path.resolve(e.DEFINITIONS_DIR ?? path.join(__dirname, '..', 'definitions')),
    taskQueue: e.TASK_QUEUE,
    logLevel: e.LOG_LEVEL,
    metrics: { enabled: e.METRICS_ENABLED === 'true', port: e.METRICS_PORT, host: e.METRICS_HOST },
    tracing: { endpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: e.OTEL_SERVICE_NAME },
    trustProxy: e.TRUST_PROXY,
    workflowCacheSize: e.WORKFLOW_CACHE_SIZE,
    caseHistoryLimit: e.CASE_HISTORY_LIMIT,
    rolloverWaitMs: e.ROLLOVER_WAIT_MS,
    moveJobLeaseMs: e.MOVE_JOB_LEASE_SECONDS * 1000,
    workflowBundle: e.WORKFLOW_BUNDLE ? path.resolve(e.WORKFLOW_BUNDLE) : undefined,
    readModelCheck: e.READ_MODEL_CHECK === 'on',
    smtp: { url: e.SMTP_URL, from: e.SMTP_FROM, sinkPort: e.SMTP_SINK_PORT },
    security: {
      adminApiKey: e.ADMIN_API_KEY,
      corsOrigins: (e.CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean),
      rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
      authFailureLimit: e.AUTH_FAILURE_LIMIT,
      authFailureWindowSeconds: e.AUTH_FAILURE_WINDOW_SECONDS,
    },
    documents: {
      dir: path.resolve(e.DOCUMENTS_DIR ?? path.join(e.DATA_DIR, 'documents')),
      maxBytes: e.DOCUMENT_MAX_BYTES,
    },
    reports: { emailTo: e.REPORT_EMAIL_TO },
    notifications: { allowedDomains: (e.NOTIFY_ALLOWED_DOMAINS ?? '').split(',').map((d) => d.trim().toLowerCase()).filter(Boolean) },
    console: {
      publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
      sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
      adminEmail: e.ADMIN_EMAIL,
      adminPassword: e.ADMIN_PASSWORD,
    },
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      devPort: e.TEMPORAL_PORT,
      uiPort: e.TEMPORAL_UI_PORT,
      tls: tlsOn ? { cert: e.TEMPORAL_TLS_CERT, key: e.TEMPORAL_TLS_KEY, ca: e.TEMPORAL_TLS_CA } : undefined,
      apiKey: e.TEMPORAL_API_KEY,
    },
  };
}


/** Where the worker and API reach Temporal: the configured cluster, or the embedded dev server. */
export function temporalAddress(config: Config): string {
  return config.temporal.address ?? `127.0.0.1:${config.temporal.devPort}`;
}

/** Where notification e-mail goes: the configured server, or the local sink of `npm start`. */
export function smtpUrl(config: Config): string {
  return config.smtp.url ?? `smtp://127.0.0.1:${config.smtp.sinkPort}`;
}

/** The Temporal runtime's logger at the configured level. */
export function runtimeLogLevel(config: Config): 'ERROR' | 'WARN' | 'INFO' | 'DEBUG' {
  return config.logLevel.toUpperCase() as 'ERROR' | 'WARN' | 'INFO' | 'DEBUG';
}
