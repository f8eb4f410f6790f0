/**
 * Whether the API stays responsive while a request is being handled: asks `GET /health` over HTTP
 * again and again until the work is done, and measures the longest wait, either for an answer or
 * between two answers. API, worker and test share one process and event loop, so anything that
 * blocks the loop shows as a long wait between answers.
 */
export interface Meanwhile<T> {
  result: T;
  /** The longest wait for an answer to `GET /health`, or between two answers, in milliseconds. */
  longestWaitMs: number;
  /** How many times `GET /health` was answered meanwhile. */
  answered: number;
}

export async function askingHealthMeanwhile<T>(url: string, work: () => Promise<T>): Promise<Meanwhile<T>> {
  let done = false;
  let longest = 0;
  let answered = 0;
  let last = performance.now();
  const poll = (async () => {
    while (!done) {
      const sent = performance.now();
      const res = await fetch(`${url}/health`);
      await res.arrayBuffer();
      const now = performance.now();
      if (res.status !== 200) throw new Error(`GET /health answered ${res.status}`);
      longest = Math.max(longest, now - sent, now - last);
      last = now;
      answered++;
      // A pause between asks, so the health checks do not crowd out the work they watch.
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  try {
    const result = await work();
    return { result, longestWaitMs: Math.max(longest, performance.now() - last), answered };
  } finally {
    done = true;
    await poll;
  }
}
