import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { trackChild } from './cleanup.ts';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');

export type Engine = 'pglite' | 'postgres';

export interface GuanxiServer {
  engine: Engine;
  /** http://127.0.0.1:<port> */
  url: string;
  pid: number;
  /** The last lines the server wrote, for error reports. */
  output(): string;
  /** SIGTERM (the server finishes in-flight requests and closes its database), SIGKILL after 15 s. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** A port that was free a moment ago on 127.0.0.1. */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (!address || typeof address === 'string') throw new Error('could not find a free port');
  return address.port;
}

/**
 * Starts `guanxi start` as its own process with the Node running this script, on loopback, and waits until
 * /api/health answers for the expected engine.
 */
export async function startGuanxi(options: {
  engine: Engine;
  dataDir: string;
  databaseUrl?: string;
  logLevel: string;
  /** Write a V8 CPU profile of the server (every thread) into this directory when it stops. */
  cpuProfileDir?: string;
  signal: AbortSignal;
}): Promise<GuanxiServer> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, GUANXI_LOG_LEVEL: options.logLevel };
  delete env.DATABASE_URL;
  delete env.GUANXI_DATA_DIR;
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  const args = [
    ...(options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : []),
    'bin/guanxi.js',
    'start',
    '--port',
    String(port),
    '--host',
    '127.0.0.1',
    '--data',
    options.dataDir,
  ];
  const child = spawn(process.execPath, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  trackChild(child);
  const lines: string[] = [];
  const keep = (chunk: string) => {
    lines.push(...chunk.split('\n').filter(Boolean));
    if (lines.length > 40) lines.splice(0, lines.length - 40);
  };
  child.stdout.setEncoding('utf8').on('data', keep);
  child.stderr.setEncoding('utf8').on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const server: GuanxiServer = {
    engine: options.engine,
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    output: () => lines.join('\n'),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        const result = await exited;
        clearTimeout(timer);
        return result;
      }
      return exited;
    },
  };

  const deadline = Date.now() + 120_000;
  let lastError = '';
  while (Date.now() < deadline) {
    options.signal.throwIfAborted();
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `guanxi start (${options.engine}) exited with ${child.exitCode ?? child.signalCode}:\n${server.output()}`,
      );
    }
    try {
      const response = await fetch(`${server.url}/api/health`);
      const body = (await response.json()) as { status?: string; db?: string };
      if (response.ok && body.status === 'ok') {
        if (body.db !== options.engine) {
          await server.stop();
          throw new Error(`the server runs on ${body.db}, not ${options.engine}`);
        }
        return server;
      }
      lastError = `${response.status} ${JSON.stringify(body)}`;
    } catch (error) {
      if ((error as Error).message.startsWith('the server runs on')) throw error;
      lastError = (error as Error).message;
    }
    await sleep(200);
  }
  await server.stop();
  throw new Error(
    `guanxi start (${options.engine}) did not answer /api/health in 120 s (${lastError}):\n${server.output()}`,
  );
}

/** Logs in and returns the session token. */
export async function login(server: GuanxiServer, email: string, password: string): Promise<string> {
  const response = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const text = await response.text();
  if (!response.ok)
    throw new Error(`POST /api/v1/auth/login on ${server.engine} → ${response.status} ${text}`);
  return (JSON.parse(text) as { token: string }).token;
}
