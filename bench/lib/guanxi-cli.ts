import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { trackChild } from './cleanup.ts';
import { repoRoot } from './guanxi-server.ts';

export interface CliRun {
  code: number | null;
  seconds: number;
  /** The process's peak resident memory (VmHWM, every thread including PGlite's worker), in MiB. */
  peakRssMiB: number | null;
  stdout: string;
  stderr: string;
}

async function highWaterMiB(pid: number): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const match = /VmHWM:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/**
 * Runs `guanxi <args>` as its own process with the Node running this script, timing it and sampling its memory
 * high-water mark until it exits (the kernel keeps the peak, so sampling every 200 ms loses nothing but the last
 * 200 ms).
 */
export async function runGuanxiCli(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; signal: AbortSignal },
): Promise<CliRun> {
  options.signal.throwIfAborted();
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  const started = performance.now();
  const child = spawn(process.execPath, ['bin/guanxi.js', ...args], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  trackChild(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    if (stderr.length > 20_000) stderr = stderr.slice(-10_000);
  });
  let peak: number | null = null;
  const sampler = setInterval(() => {
    void highWaterMiB(child.pid!).then((value) => {
      if (value !== null) peak = Math.max(peak ?? 0, value);
    });
  }, 200);
  const abort = () => child.kill('SIGTERM');
  options.signal.addEventListener('abort', abort, { once: true });
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  clearInterval(sampler);
  options.signal.removeEventListener('abort', abort);
  return { code, seconds: (performance.now() - started) / 1000, peakRssMiB: peak, stdout, stderr };
}

/** `imported N, skipped M, errors K` from an import's output. */
export function importCounts(stdout: string): { imported: number; skipped: number; errors: number } | null {
  const match = /imported (\d+), skipped (\d+), errors (\d+)/.exec(stdout);
  return match ? { imported: Number(match[1]), skipped: Number(match[2]), errors: Number(match[3]) } : null;
}

/** `guanxi demo --out DIR`: the demo's import files, written by its own process. */
export async function writeDemoFiles(
  ctx: { log(message: string): void; signal: AbortSignal },
  settings: { customers: number; orders: number; seed: number },
  dir: string,
  env: NodeJS.ProcessEnv,
): Promise<CliRun> {
  const args = ['--customers', settings.customers, '--orders', settings.orders, '--seed', settings.seed];
  ctx.log(`guanxi demo ${args.join(' ')} --out ${dir}`);
  const demo = await runGuanxiCli(['demo', ...args.map(String), '--out', dir], { env, signal: ctx.signal });
  if (demo.code !== 0) throw new Error(`guanxi demo failed: ${demo.stderr.slice(-800)}`);
  return demo;
}

/** The environment of the `guanxi` processes a benchmark runs: its first admin, quiet logs, no database chosen yet. */
export const benchCliEnv = (timeZone: string, currency: string) => ({
  GUANXI_TZ: timeZone,
  GUANXI_CURRENCY: currency,
  GUANXI_ADMIN_EMAIL: 'bench-admin@bench.guanxi.test',
  GUANXI_ADMIN_PASSWORD: 'bench-Password-2026',
  GUANXI_LOG_LEVEL: 'warn',
  DATABASE_URL: '',
  GUANXI_DATA_DIR: '',
});
