import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { runChecked } from './processes.ts';

/**
 * pgbench from PATH (Debian's /usr/bin/pgbench is postgresql-common's wrapper) or from the newest
 * /usr/lib/postgresql/<version>/bin; null when neither is installed.
 */
export function findPgbench(): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && existsSync(path.join(dir, 'pgbench'))) return path.join(dir, 'pgbench');
  }
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const file = path.join(root, version, 'bin', 'pgbench');
    if (existsSync(file)) return file;
  }
  return null;
}

/** libpq connection arguments and environment for a postgres:// URL. */
function connection(url: string): { args: string[]; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const args = ['-h', parsed.hostname.replace(/^\[|\]$/g, ''), '-p', parsed.port || '5432'];
  if (parsed.username) args.push('-U', decodeURIComponent(parsed.username));
  args.push(decodeURIComponent(parsed.pathname.slice(1)));
  const env = { ...process.env, ...(parsed.password && { PGPASSWORD: decodeURIComponent(parsed.password) }) };
  return { args, env };
}

/** Creates and fills pgbench's TPC-B-like tables (scale 1 = 100,000 accounts), then vacuums them. */
export async function pgbenchInit(
  bin: string,
  url: string,
  scale: number,
  signal?: AbortSignal,
): Promise<void> {
  const { args, env } = connection(url);
  await runChecked(bin, ['-i', '-q', '-s', String(scale), ...args], { env, ...(signal && { signal }) });
}

export interface PgbenchRound {
  tps: number;
  latencyMeanMs: number | null;
  transactions: number;
  failed: number;
}

/** `pgbench -S`: the built-in select-only script (one primary-key SELECT per transaction), no vacuum first. */
export async function pgbenchSelectOnly(
  bin: string,
  url: string,
  options: { clients: number; threads: number; seconds: number; signal?: AbortSignal },
): Promise<PgbenchRound> {
  const { args, env } = connection(url);
  const { stdout } = await runChecked(
    bin,
    [
      '-S',
      '-n',
      '-c',
      String(options.clients),
      '-j',
      String(options.threads),
      '-T',
      String(options.seconds),
      ...args,
    ],
    { env, ...(options.signal && { signal: options.signal }) },
  );
  const tps = /^tps = ([\d.]+)/m.exec(stdout);
  if (!tps) throw new Error(`pgbench printed no tps:\n${stdout}`);
  const latency = /^latency average = ([\d.]+) ms/m.exec(stdout);
  const transactions = /^number of transactions actually processed: (\d+)/m.exec(stdout);
  const failed = /^number of failed transactions: (\d+)/m.exec(stdout);
  return {
    tps: Number(tps[1]),
    latencyMeanMs: latency ? Number(latency[1]) : null,
    transactions: transactions ? Number(transactions[1]) : 0,
    failed: failed ? Number(failed[1]) : 0,
  };
}
