/**
 * The tests' logs: every process-wide line (the Temporal runtime's) and each system's API lines go
 * through a JSON logger at debug level into this module, which prints warnings and errors as the
 * runtime did before, and hands every line to the captures a test has open.
 */
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../runtime/logger';

const captures = new Set<string[]>();

const tap = new Writable({
  write(chunk: Buffer, _encoding, done) {
    const line = chunk.toString('utf8');
    for (const c of captures) c.push(...line.split('\n').filter(Boolean));
    if (/"level":"(warn|error|fatal)"/.test(line)) process.stderr.write(line);
    done();
  },
});

/** A logger at debug level writing through the tap: what each system's API and the runtime log to. */
export function testLogger(name: string): Logger {
  return createLogger({ level: 'debug', name }, tap);
}

/** Every line logged from now until `stop`. */
export function captureLogs(): { lines: string[]; stop(): void } {
  const lines: string[] = [];
  captures.add(lines);
  return { lines, stop: () => void captures.delete(lines) };
}
