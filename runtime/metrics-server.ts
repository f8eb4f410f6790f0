/**
 * A small HTTP server of its own for a process's metrics, on METRICS_HOST:METRICS_PORT, apart from
 * any port that serves people: `GET /metrics` in Prometheus's text format, and `GET /health/live`.
 */
import http, { type Server } from 'node:http';

export interface MetricsSource {
  contentType: string;
  /** The whole exposition, read anew for each scrape. */
  metrics(): Promise<string>;
}

export async function serveMetrics(source: MetricsSource, port: number, host: string): Promise<Server> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain' }).end('only GET\n');
      return;
    }
    if (path === '/health/live') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    if (path !== '/metrics') {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('metrics are at /metrics\n');
      return;
    }
    source.metrics().then(
      (text) => res.writeHead(200, { 'Content-Type': source.contentType }).end(text),
      () => res.writeHead(500, { 'Content-Type': 'text/plain' }).end('the metrics could not be read\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
