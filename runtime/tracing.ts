/**
 * OpenTelemetry traces, made only when OTEL_EXPORTER_OTLP_ENDPOINT names a collector: a provider
 * for the process, exporting in batches over OTLP/HTTP, with W3C trace context carried in and out.
 * Temporal's interceptors (client, workflow, activity) then carry one trace from an HTTP request
 * to the workflow and its activities on whichever worker runs them.
 */
import { trace, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

export interface Tracing {
  tracer: Tracer;
  resource: Resource;
  spanProcessor: SpanProcessor;
  /** Sends what is buffered and stops. */
  shutdown(): Promise<void>;
}

export function startTracing(options: { endpoint: string; serviceName: string }): Tracing {
  const resource = new Resource({ 'service.name': options.serviceName });
  const exporter = new OTLPTraceExporter({ url: `${options.endpoint.replace(/\/+$/, '')}/v1/traces` });
  const spanProcessor = new BatchSpanProcessor(exporter, { scheduledDelayMillis: 1000 });
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register();
  return { tracer: trace.getTracer('casework'), resource, spanProcessor, shutdown: () => provider.shutdown() };
}
