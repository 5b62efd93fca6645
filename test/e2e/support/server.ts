import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));

export const admin = { email: 'admin@example.com', password: 'Gx-e2e-Admin-2026!' };

export interface GuanxiServer {
  url: string;
  stop: () => Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`guanxi exited with ${child.exitCode}:\n${log()}`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`guanxi did not become healthy within 90 s:\n${log()}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** `guanxi demo` into the database before the server opens it (the embedded engine allows one process). */
function loadDemo(dataDir: string, env: NodeJS.ProcessEnv, demo: DemoData): Promise<void> {
  const args = ['bin/guanxi.js', 'demo', '--data', dataDir, '--customers', String(demo.customers)];
  if (demo.seed !== undefined) args.push('--seed', String(demo.seed));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`guanxi demo exited with ${code}:\n${output}`)),
    );
  });
}

export interface DemoData {
  customers: number;
  seed?: number;
}

/**
 * A real Guanxi server on a free port with a fresh embedded database (or DATABASE_URL when set), optionally
 * holding `guanxi demo` data (customers, orders, interactions) loaded before it starts.
 */
export async function startGuanxi(options: { demo?: DemoData } = {}): Promise<GuanxiServer> {
  const port = await freePort();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'guanxi-e2e-'));
  const env = {
    PATH: process.env['PATH'] ?? '',
    HOME: process.env['HOME'] ?? tmpdir(),
    GUANXI_ADMIN_EMAIL: admin.email,
    GUANXI_ADMIN_PASSWORD: admin.password,
    GUANXI_LOG_LEVEL: 'warn',
    ...(process.env['DATABASE_URL'] ? { DATABASE_URL: process.env['DATABASE_URL'] } : {}),
  };
  if (options.demo) {
    try {
      await loadDemo(dataDir, env, options.demo);
    } catch (error) {
      await rm(dataDir, { recursive: true, force: true });
      throw error;
    }
  }
  const child = spawn(
    process.execPath,
    ['bin/guanxi.js', 'start', '--port', String(port), '--host', '127.0.0.1', '--data', dataDir],
    { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(url, child, () => output);
  } catch (error) {
    await stopChild(child);
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    url,
    stop: async () => {
      await stopChild(child);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
