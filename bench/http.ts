/**
 * The load driver's HTTP client: keep-alive connections, one per lane, and the bearer key on every
 * request (the API ignores it where it does not check keys).
 */
import http from 'node:http';

export interface Reply {
  status: number;
  body: any;
}

export interface Api {
  url: string;
  get(path: string): Promise<Reply>;
  post(path: string, body?: unknown): Promise<Reply>;
  close(): void;
}

export function apiClient(url: string, apiKey: string, maxSockets = 64): Api {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const { hostname, port } = new URL(url);
  const call = (method: string, path: string, body?: unknown, retried = false): Promise<Reply> =>
    new Promise<Reply>((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = http.request(
        {
          agent,
          hostname,
          port,
          method,
          path,
          headers: {
            authorization: `Bearer ${apiKey}`,
            ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              // not JSON: keep the text
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
          res.on('error', reject);
        },
      );
      req.on('error', (err: NodeJS.ErrnoException) => {
        // The server may close an idle kept-alive connection just as a request goes out on it; the
        // request never reached it, so it is sent again once, on a fresh connection.
        if (req.reusedSocket && err.code === 'ECONNRESET' && !retried) resolve(call(method, path, body, true));
        else reject(err);
      });
      req.end(payload);
    });
  return {
    url,
    get: (path) => call('GET', path),
    post: (path, body = {}) => call('POST', path, body),
    close: () => agent.destroy(),
  };
}

/** Sends a request that must succeed, with the status it must answer. */
export async function expectOk(reply: Promise<Reply>, what: string, status = 200): Promise<any> {
  const res = await reply;
  if (res.status !== status) throw new Error(`${what}: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 500)}`);
  return res.body;
}
