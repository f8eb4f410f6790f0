/** Connections to Temporal for the API (client) and the worker (native connection). */
import fs from 'node:fs';
import { Client, Connection, type ClientInterceptors, type ConnectionOptions } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { temporalAddress, type Config } from './config';

function tlsOptions(config: Config) {
  const tls = config.temporal.tls;
  if (!tls) return undefined;
  const read = (file?: string) => (file ? fs.readFileSync(file) : undefined);
  const cert = read(tls.cert);
  const key = read(tls.key);
  return {
    serverRootCACertificate: read(tls.ca),
    clientCertPair: cert && key ? { crt: cert, key } : undefined,
  };
}

export function connectionOptions(config: Config): ConnectionOptions {
  return { address: temporalAddress(config), tls: tlsOptions(config), apiKey: config.temporal.apiKey };
}

export async function connectClient(config: Config, interceptors?: ClientInterceptors): Promise<Client> {
  const connection = await Connection.connect(connectionOptions(config));
  return new Client({ connection, namespace: config.temporal.namespace, interceptors });
}

export async function connectWorker(config: Config): Promise<NativeConnection> {
  return NativeConnection.connect({
    address: temporalAddress(config),
    tls: tlsOptions(config),
    apiKey: config.temporal.apiKey,
  });
}
