import { existsSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { testEngine } from '#test/support/db.ts';
import { startGuanxi, testAdmin, databasesForProcesses } from '#test/support/process.ts';

/**
 * SIGTERM (DESIGN §4, start.ts): stop accepting, let in-flight requests finish, close the database cleanly
 * (on PGlite: release the data-directory lock), exit 0.
 */
const freshDatabase = databasesForProcesses();

/** Sends the headers and half the body of a login now; `finish()` sends the rest and resolves with the answer. */
function startLogin(url: string, body: string) {
  const { hostname, port } = new URL(url);
  let resolveResponse!: (value: { status: number; body: string }) => void;
  let rejectResponse!: (error: Error) => void;
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    resolveResponse = resolve;
    rejectResponse = reject;
  });
  const req = request(
    {
      hostname,
      port,
      path: '/api/v1/auth/login',
      method: 'POST',
      agent: false,
      headers: {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        connection: 'close',
      },
    },
    (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolveResponse({ status: res.statusCode ?? 0, body: text }));
    },
  );
  req.on('error', rejectResponse);
  const half = Math.floor(body.length / 2);
  req.write(body.slice(0, half));
  return {
    response,
    finish() {
      req.end(body.slice(half));
      return response;
    },
  };
}

describe(`SIGTERM to a Guanxi server on ${testEngine}`, () => {
  it('lets the request in flight finish with 200, exits 0, releases the data and leaves it openable', async () => {
    const location = await freshDatabase();
    const server = await startGuanxi(location);
    const lockFile = path.join(location.dataDir, 'guanxi.lock');
    if (location.engine === 'pglite') expect(existsSync(lockFile)).toBe(true);

    const login = startLogin(
      server.url,
      JSON.stringify({ email: testAdmin.email, password: testAdmin.password }),
    );
    // the server has routed the request (its headers are in) before it is told to stop
    await server.waitForLog(/incoming request/);
    server.child.kill('SIGTERM');
    await server.waitForLog(/SIGTERM: finishing in-flight requests/);
    const answer = await login.finish();
    expect(answer.status, answer.body).toBe(200);
    const { token } = JSON.parse(answer.body) as { token: string };
    expect(token).toMatch(/^gxs_/);

    const exit = await server.exited;
    expect(exit, server.output()).toEqual({ code: 0, signal: null });
    expect(server.output()).toMatch(/stopped cleanly/);
    expect(existsSync(lockFile)).toBe(false);

    // the data reopens, and the session that login made was committed
    const database = await location.open();
    try {
      const sessions = await database.db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .select('users.email')
        .execute();
      expect(sessions.map((s) => s.email)).toEqual([testAdmin.email]);
    } finally {
      await database.close();
    }
  });

  it('refuses new connections once stopping, and a second start on the same data works', async () => {
    const location = await freshDatabase();
    const first = await startGuanxi(location);
    expect((await first.stop()).code).toBe(0);
    await expect(fetch(`${first.url}/api/health`)).rejects.toThrow();
    const second = await startGuanxi(location);
    expect((await fetch(`${second.url}/api/health`)).status).toBe(200);
    expect((await second.stop()).code).toBe(0);
  });
});
