import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { readConfig, type Config } from '#src/config.ts';
import { DataDirLockedError } from '#src/db/data-dir-lock.ts';
import { openDatabase, type Database } from '#src/db/engine.ts';
import { ensureFirstAdmin } from '#src/modules/users/users.service.ts';
import { systemClock, type Actor, type Deps } from '#src/shared/context.ts';

/** Exit codes of every command: 0 ok, 1 failure, 2 bad invocation. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** A failure to report in one line on stderr, without a stack trace. */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = EXIT_FAILURE) {
    super(message);
    this.exitCode = exitCode;
  }
}

export interface DataOptions {
  data?: string;
}

/** CLI writes are audited as `cli:<os user>` (DESIGN §4). */
export function cliActor(): Actor {
  let user: string;
  try {
    user = os.userInfo().username;
  } catch {
    user = process.env.USER ?? 'unknown';
  }
  return { userId: null, label: `cli:${user}`, role: 'admin', teamId: null, ip: null, requestId: null };
}

export function cliConfig(options: DataOptions, overrides: Partial<Config> = {}): Config {
  return readConfig(process.env, {
    ...(options.data && { dataDir: path.resolve(options.data) }),
    ...overrides,
  });
}

/**
 * Opens (creating and migrating when new) the database the command is given, and creates the first admin
 * on an empty one: a generated password is printed once, to stderr.
 */
export async function openForCli(
  config: Config,
  logLevel = 'warn',
): Promise<{ database: Database; deps: Deps }> {
  let database: Database;
  try {
    database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  } catch (error) {
    if (error instanceof DataDirLockedError) throw new CliError(error.message);
    const where = config.databaseUrl
      ? 'the PostgreSQL database in DATABASE_URL'
      : `the data directory ${config.dataDir}`;
    throw new CliError(`Could not open ${where}: ${(error as Error).message}`);
  }
  const deps: Deps = {
    db: database.db,
    engine: database.kind,
    clock: systemClock,
    logger: pino({ level: logLevel }, pino.destination(2)),
    config,
  };
  try {
    const admin = await ensureFirstAdmin(deps, cliActor(), {
      email: config.adminEmail,
      password: config.adminPassword,
    });
    if (admin) {
      process.stderr.write(
        admin.password
          ? `Created the first admin ${admin.email} with the password\n\n    ${admin.password}\n\nIt is shown only this once: log in and change it.\n`
          : `Created the first admin ${admin.email} (password from GUANXI_ADMIN_PASSWORD).\n`,
      );
    }
  } catch (error) {
    await database.close();
    throw new CliError(`Could not create the first admin: ${(error as Error).message}`);
  }
  return { database, deps };
}

/** Reads a password from standard input (first line), for `--password-stdin`. */
export async function readPasswordFromStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const password = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  if (!password) throw new CliError('--password-stdin: standard input held no password', EXIT_USAGE);
  return password;
}
