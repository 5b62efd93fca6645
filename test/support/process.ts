import { spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import { createTestDatabase, TEST_TZ, type TestDatabaseLocation } from './db.ts';

/** Runs `guanxi` (bin/guanxi.js) as users do, in child processes, on the same Node as the tests. */
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const guanxiBin = path.join(repoRoot, 'bin', 'guanxi.js');

export const testAdmin = { email: 'first.admin@example.com', password: 'First-admin-pass-1' };

/** A clean environment: nothing from the test runner's own (no stray DATABASE_URL), plus `extra`. */
export function childEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? tmpdir(),
    GUANXI_TZ: TEST_TZ,
    GUANXI_LOG_LEVEL: 'warn',
  };
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) env[key] = value;
  return env;
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs one command to its end; `input` is written to its stdin. */
export function runGuanxi(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [guanxiBin, ...args], {
      cwd: repoRoot,
      env: options.env ?? childEnv(),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`guanxi ${args.join(' ')} did not finish in time:\n${stdout}\n${stderr}`));
    }, options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

export interface RunningServer {
  url: string;
  child: ChildProcess;
  pid: number;
  /** Everything it printed so far (stdout and stderr, the last 100 kB). */
  output(): string;
  /** Resolves with its exit once it has exited (and been reaped). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Waits for a line of its log whose message matches. */
  waitForLog(pattern: RegExp): Promise<void>;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** kill -9 and wait for the exit. */
  kill9(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<ChildProcess>();

/** Stops every server this file started that is still running (for afterAll, so a failed test leaves none). */
export async function stopAllServers(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}

/**
 * Fresh databases for the child processes of one test file; after all its tests, its servers are stopped and the
 * databases disposed. Call it at the top of the file.
 */
export function databasesForProcesses(): () => Promise<TestDatabaseLocation> {
  const locations: TestDatabaseLocation[] = [];
  afterAll(async () => {
    await stopAllServers();
    for (const location of locations) await location.dispose();
  });
  return async () => {
    const location = await createTestDatabase();
    locations.push(location);
    return location;
  };
}

/**
 * `guanxi start --port 0 --data DIR` (or DATABASE_URL on PostgreSQL), resolved once it listens; the port comes
 * from its own start-up log line, so no port is picked ahead and raced for.
 */
export async function startGuanxi(
  location: TestDatabaseLocation,
  options: { env?: Record<string, string> } = {},
): Promise<RunningServer> {
  const child = spawn(
    process.execPath,
    [guanxiBin, 'start', '--port', '0', '--host', '127.0.0.1', '--data', location.dataDir],
    {
      cwd: repoRoot,
      env: childEnv({
        GUANXI_ADMIN_EMAIL: testAdmin.email,
        GUANXI_ADMIN_PASSWORD: testAdmin.password,
        GUANXI_LOG_LEVEL: 'info',
        ...location.env,
        ...options.env,
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  running.add(child);
  let output = '';
  const listeners = new Set<(line: string) => void>();
  let pending = '';
  const onData = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-100_000);
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) for (const listener of listeners) listener(line);
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });
  const messageOf = (line: string): string => {
    try {
      return String((JSON.parse(line) as { msg?: unknown }).msg ?? '');
    } catch {
      return line;
    }
  };
  const waitForLog = (pattern: RegExp, timeoutMs = 30_000) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        listeners.delete(listener);
        reject(new Error(`no log line matching ${pattern} within ${timeoutMs} ms:\n${output}`));
      }, timeoutMs);
      const listener = (line: string) => {
        const message = messageOf(line);
        if (!pattern.test(message) && !pattern.test(line)) return;
        clearTimeout(timer);
        listeners.delete(listener);
        resolve(message);
      };
      listeners.add(listener);
      void exited.then(({ code, signal }) => {
        if (!listeners.has(listener)) return;
        clearTimeout(timer);
        listeners.delete(listener);
        reject(new Error(`guanxi exited (${code ?? signal}) before logging ${pattern}:\n${output}`));
      });
    });
  const started = await waitForLog(/ at (http:\/\/127\.0\.0\.1:\d+)$/);
  const url = / at (http:\/\/127\.0\.0\.1:\d+)$/.exec(started)![1]!;
  return {
    url,
    child,
    pid: child.pid!,
    output: () => output,
    exited,
    waitForLog: async (pattern) => {
      await waitForLog(pattern);
    },
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
    async kill9() {
      child.kill('SIGKILL');
      return exited;
    },
  };
}

/** Logs in over real HTTP and returns the Bearer headers. */
export async function httpLogin(
  url: string,
  email = testAdmin.email,
  password = testAdmin.password,
): Promise<{ authorization: string }> {
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200)
    throw new Error(`login as ${email} failed: ${response.status} ${await response.text()}`);
  return { authorization: `Bearer ${((await response.json()) as { token: string }).token}` };
}
