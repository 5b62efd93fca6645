import autocannon from 'autocannon';

export interface LoadRound {
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMeanMs: number;
  requests: number;
  seconds: number;
  statusCodes: Record<string, number>;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** The first few responses that were not 2xx, as evidence for a bug report. */
  failures: { status: number; body: string }[];
}

/** HTTP load on one path with autocannon: a fixed number of connections, each sending its next request on reply. */
export function runLoad(options: {
  baseUrl: string;
  path: string;
  headers: Record<string, string>;
  connections: number;
  seconds: number;
  signal: AbortSignal;
}): Promise<LoadRound> {
  if (new URL(options.baseUrl).hostname !== '127.0.0.1') throw new Error('load only against 127.0.0.1');
  options.signal.throwIfAborted();
  const failures: LoadRound['failures'] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${options.baseUrl}${options.path}`,
        connections: options.connections,
        duration: options.seconds,
        timeout: 10,
        headers: options.headers,
        requests: [
          {
            onResponse: (status, body) => {
              if ((status < 200 || status > 299) && failures.length < 3)
                failures.push({ status, body: body.slice(0, 600) });
            },
          },
        ],
      },
      (error, result) => {
        options.signal.removeEventListener('abort', stop);
        if (error) return reject(error);
        if (options.signal.aborted) return reject(options.signal.reason as Error);
        const statusCodes = Object.fromEntries(
          Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count]),
        );
        resolve({
          requestsPerSecond: result.requests.total / result.duration,
          latencyP50Ms: result.latency.p50,
          latencyP99Ms: result.latency.p99,
          latencyMeanMs: result.latency.mean,
          requests: result.requests.total,
          seconds: result.duration,
          statusCodes,
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          failures,
        });
      },
    );
    const stop = () => instance.stop();
    options.signal.addEventListener('abort', stop, { once: true });
  });
}
