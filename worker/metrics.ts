/**
 * The worker's Prometheus metrics on METRICS_PORT: its own process metrics and the Temporal SDK
 * runtime's (workflow task failures, poll and schedule latencies, sticky cache), which the runtime
 * serves on a loopback port of its own and are read from there at each scrape.
 */
import { Registry, collectDefaultMetrics } from 'prom-client';
import type { MetricsSource } from '../runtime/metrics-server';

/** What Runtime.install takes to serve the runtime's metrics on `port` of 127.0.0.1. */
export function runtimeMetricsTelemetry(port: number) {
  return { metrics: { prometheus: { bindAddress: `127.0.0.1:${port}` } } };
}

/** The worker process's own metrics. */
export function createWorkerRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'casework_worker_' });
  return registry;
}

export function workerMetrics(runtimePort: number): MetricsSource {
  const registry = createWorkerRegistry();
  return {
    contentType: registry.contentType,
    async metrics() {
      const [own, runtime] = await Promise.all([registry.metrics(), fetch(`http://127.0.0.1:${runtimePort}/metrics`).then((r) => (r.ok ? r.text() : Promise.reject(new Error(`the runtime's metrics answered ${r.status}`))))]);
      return `${own}\n${runtime}`;
    },
  };
}
