import os from 'node:os';
import { migrationProvider } from '#src/db/migrations/index.ts';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { Database } from '#src/db/engine.ts';
import { LoginLimiter } from '#src/modules/users/login-limiter.ts';
import { login } from '#src/modules/users/users.auth.ts';
import { systemClock, type Deps } from '#src/shared/context.ts';
import { testConfig, testEngine, type TestDatabaseLocation } from '#test/support/db.ts';
import {
  childEnv,
  httpLogin,
  runGuanxi,
  startGuanxi,
  testAdmin,
  databasesForProcesses,
} from '#test/support/process.ts';

/** The `guanxi` command (DESIGN §4): exit 0 ok, 1 failure, 2 bad invocation; writes audited as `cli:<os user>`. */
const fresh = databasesForProcesses();

const cliActor = `cli:${os.userInfo().username}`;
const envFor = (location: TestDatabaseLocation, extra: Record<string, string> = {}) =>
  childEnv({ ...location.env, ...extra });
const withAdmin = (location: TestDatabaseLocation) =>
  envFor(location, { GUANXI_ADMIN_EMAIL: testAdmin.email, GUANXI_ADMIN_PASSWORD: testAdmin.password });
const guanxi = (
  location: TestDatabaseLocation,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; input?: string } = {},
) =>
  runGuanxi([...args, '--data', location.dataDir], {
    env: options.env ?? withAdmin(location),
    ...(options.input !== undefined && { input: options.input }),
  });
const printedPassword = (stdout: string) => /Password \(shown only this once\): (\S+)/.exec(stdout)?.[1];

/** Opens the database in this process (the command has exited and let go of it) for checks. */
async function inspect<T>(
  location: TestDatabaseLocation,
  check: (database: Database, logsIn: (email: string, password: string) => Promise<boolean>) => Promise<T>,
) {
  const database = await location.open();
  const deps: Deps = {
    db: database.db,
    engine: database.kind,
    clock: systemClock,
    logger: pino({ level: 'silent' }),
    config: testConfig(location),
  };
  const logsIn = async (email: string, password: string) => {
    try {
      await login(
        deps,
        new LoginLimiter(systemClock),
        { email, password },
        { ip: '127.0.0.1', userAgent: null, requestId: 'cli-test' },
      );
      return true;
    } catch {
      return false;
    }
  };
  try {
    return await check(database, logsIn);
  } finally {
    await database.close();
  }
}

describe(`guanxi user add on ${testEngine}`, { timeout: 120_000 }, () => {
  it('creates the first admin from GUANXI_ADMIN_EMAIL/PASSWORD, then the user with a password printed once', async () => {
    const location = await fresh();
    const result = await guanxi(location, [
      'user',
      'add',
      'New.Sales@Example.com',
      '--role',
      'sales',
      '--name',
      '李娜',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(
      `Created the first admin ${testAdmin.email} (password from GUANXI_ADMIN_PASSWORD).`,
    );
    expect(result.stderr).not.toContain(testAdmin.password);
    expect(result.stdout).toMatch(/^Created new\.sales@example\.com \(sales\)\.\n/);
    const password = printedPassword(result.stdout);
    expect(password).toMatch(/^\S{20}$/);

    const again = await guanxi(location, ['user', 'add', 'second@example.com', '--role', 'viewer']);
    expect(again.code).toBe(0);
    expect(again.stderr).not.toMatch(/first admin/);

    await inspect(location, async (database, logsIn) => {
      expect(await logsIn('new.sales@example.com', password!)).toBe(true);
      expect(await logsIn(testAdmin.email, testAdmin.password)).toBe(true);
      const users = await database.db
        .selectFrom('users')
        .select(['email', 'role', 'name'])
        .orderBy('email')
        .execute();
      expect(users).toEqual([
        { email: testAdmin.email, role: 'admin', name: 'Admin' },
        { email: 'new.sales@example.com', role: 'sales', name: '李娜' },
        { email: 'second@example.com', role: 'viewer', name: 'second' },
      ]);
      // every CLI write is audited as cli:<os user>
      const audit = await database.db
        .selectFrom('audit_log')
        .select(['actor', 'actor_id', 'action', 'entity', 'after'])
        .where('entity', '=', 'user')
        .orderBy('id')
        .execute();
      expect(
        audit.map((a) => [a.actor, a.actor_id, a.action, a.entity, (a.after as { email: string }).email]),
      ).toEqual([
        [cliActor, null, 'create', 'user', testAdmin.email],
        [cliActor, null, 'create', 'user', 'new.sales@example.com'],
        [cliActor, null, 'create', 'user', 'second@example.com'],
      ]);
    });
  });

  it('generates the first admin password when none is given, and prints it once, to stderr', async () => {
    const location = await fresh();
    const result = await guanxi(location, ['migrate'], { env: envFor(location) });
    expect(result.code, result.stderr).toBe(0);
    const match = /Created the first admin admin@guanxi\.local with the password\n\n {4}(\S+)\n/.exec(
      result.stderr,
    );
    expect(match, result.stderr).not.toBeNull();
    expect(result.stdout).not.toContain(match![1]!);
    const again = await guanxi(location, ['migrate'], { env: envFor(location) });
    expect(again.code).toBe(0);
    expect(again.stderr).toBe('');
    await inspect(location, async (_database, logsIn) => {
      expect(await logsIn('admin@guanxi.local', match![1]!)).toBe(true);
    });
  });

  it('refuses a GUANXI_ADMIN_PASSWORD the password rules refuse, creating nobody', async () => {
    const location = await fresh();
    const env = envFor(location, { GUANXI_ADMIN_EMAIL: testAdmin.email, GUANXI_ADMIN_PASSWORD: 'password' });
    const result = await guanxi(location, ['user', 'add', 'someone@example.com', '--role', 'sales'], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^guanxi: Could not create the first admin: GUANXI_ADMIN_PASSWORD /);
    expect(result.stderr).not.toContain('password\n');
    await inspect(location, async (database) => {
      expect(await database.db.selectFrom('users').select('email').execute()).toEqual([]);
    });
  });

  it('--password-stdin takes the password from standard input and prints none', async () => {
    const location = await fresh();
    const result = await guanxi(
      location,
      ['user', 'add', 'piped@example.com', '--role', 'service', '--password-stdin'],
      { input: 'Piped-pass-2026\n' },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('Created piped@example.com (service).\n');
    const weak = await guanxi(
      location,
      ['user', 'add', 'weak@example.com', '--role', 'service', '--password-stdin'],
      { input: 'short\n' },
    );
    expect(weak.code).toBe(2);
    expect(weak.stderr).toMatch(/password/);
    const empty = await guanxi(
      location,
      ['user', 'add', 'empty@example.com', '--role', 'service', '--password-stdin'],
      { input: '' },
    );
    expect(empty.code).toBe(2);
    const duplicate = await guanxi(location, ['user', 'add', 'PIPED@example.com', '--role', 'viewer']);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toMatch(/email/);
    await inspect(location, async (database, logsIn) => {
      expect(await logsIn('piped@example.com', 'Piped-pass-2026')).toBe(true);
      const emails = (await database.db.selectFrom('users').select('email').execute())
        .map((u) => u.email)
        .sort();
      expect(emails).toEqual([testAdmin.email, 'piped@example.com']);
    });
  });
});

describe(`guanxi user reset-password on ${testEngine}`, { timeout: 120_000 }, () => {
  it('sets a new password, printed once, and ends the sessions', async () => {
    const location = await fresh();
    const created = await guanxi(location, ['user', 'add', 'forgetful@example.com', '--role', 'sales']);
    const oldPassword = printedPassword(created.stdout)!;
    await inspect(location, async (_database, logsIn) => {
      expect(await logsIn('forgetful@example.com', oldPassword)).toBe(true);
    });
    const reset = await guanxi(location, ['user', 'reset-password', 'forgetful@example.com']);
    expect(reset.code, reset.stderr).toBe(0);
    expect(reset.stdout).toMatch(/New password set for forgetful@example\.com; their sessions were ended\./);
    const newPassword = printedPassword(reset.stdout)!;
    expect(newPassword).not.toBe(oldPassword);
    const viaStdin = await guanxi(
      location,
      ['user', 'reset-password', 'nobody@example.com', '--password-stdin'],
      { input: 'Whatever-pass-1\n' },
    );
    expect(viaStdin.code).toBe(1);
    expect(viaStdin.stderr).toMatch(/No staff account with the email nobody@example\.com/);
    await inspect(location, async (database, logsIn) => {
      const user = await database.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', 'forgetful@example.com')
        .executeTakeFirstOrThrow();
      // the session made before the reset is gone
      const sessions = await database.db
        .selectFrom('sessions')
        .select('id')
        .where('user_id', '=', user.id)
        .execute();
      expect(sessions).toEqual([]);
      expect(await logsIn('forgetful@example.com', oldPassword)).toBe(false);
      expect(await logsIn('forgetful@example.com', newPassword)).toBe(true);
      const audit = await database.db
        .selectFrom('audit_log')
        .select(['actor', 'action'])
        .where('entity_id', '=', user.id)
        .orderBy('id')
        .execute();
      expect(audit).toEqual([
        { actor: cliActor, action: 'create' },
        { actor: cliActor, action: 'reset_password' },
      ]);
    });
  });
});

describe(`guanxi migrate on ${testEngine}`, { timeout: 120_000 }, () => {
  it('reports a current schema as up to date', async () => {
    const location = await fresh();
    const result = await guanxi(location, ['migrate']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Schema of ${testEngine} \\(.+\\): already up to date\\.\\n$`));
  });

  it.runIf(testEngine === 'pglite')('creates and migrates a new embedded database', async () => {
    const location = await fresh();
    const dataDir = path.join(location.dataDir, 'brand-new');
    const result = await runGuanxi(['migrate', '--data', dataDir], {
      env: childEnv({ GUANXI_ADMIN_EMAIL: testAdmin.email, GUANXI_ADMIN_PASSWORD: testAdmin.password }),
    });
    expect(result.code, result.stderr).toBe(0);
    const all = Object.keys(await migrationProvider.getMigrations());
    expect(all[0]).toBe('2026-11-23T1200-platform');
    expect(result.stdout).toBe(`Schema of pglite (${dataDir}): applied ${all.join(', ')}.\n`);
  });

  it('fails with exit 1 and one clear line when the database cannot be opened', async () => {
    const location = await fresh();
    // PostgreSQL: nothing listens on port 1. PGlite: the data directory would have to be inside a file.
    const env =
      location.engine === 'postgres'
        ? childEnv({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere' })
        : childEnv();
    const notADirectory = path.join(location.dataDir, 'pg', 'PG_VERSION', 'data');
    const args = location.engine === 'postgres' ? ['migrate'] : ['migrate', '--data', notADirectory];
    const result = await runGuanxi(args, { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^guanxi: Could not open /);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe(`guanxi user with --url and --token on ${testEngine}`, { timeout: 120_000 }, () => {
  it('works through a running server, audited as the token’s owner', async () => {
    const location = await fresh();
    const server = await startGuanxi(location);
    try {
      const admin = await httpLogin(server.url);
      const tokenResponse = await fetch(`${server.url}/api/v1/auth/tokens`, {
        method: 'POST',
        headers: { ...admin, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'CLI' }),
      });
      const { token } = (await tokenResponse.json()) as { token: string };
      const remote = ['--url', server.url, '--token', token];

      const added = await runGuanxi(['user', 'add', 'remote@example.com', '--role', 'viewer', ...remote]);
      expect(added.code, added.stderr).toBe(0);
      expect(added.stdout).toMatch(/^Created remote@example\.com \(viewer\)\.\n/);
      const password = printedPassword(added.stdout)!;
      await httpLogin(server.url, 'remote@example.com', password);

      const reset = await runGuanxi(
        ['user', 'reset-password', 'remote@example.com', '--password-stdin', ...remote],
        { input: 'Remote-reset-42\n' },
      );
      expect(reset.code, reset.stderr).toBe(0);
      await httpLogin(server.url, 'remote@example.com', 'Remote-reset-42');

      const audit = (await (
        await fetch(`${server.url}/api/v1/audit?entity=user&limit=200`, { headers: admin })
      ).json()) as {
        items: { actor: string; action: string; after: { email?: string } | null }[];
      };
      expect(
        audit.items
          .filter((i) => i.actor === testAdmin.email)
          .map((i) => i.action)
          .sort(),
      ).toEqual(['create', 'reset_password']);

      const duplicate = await runGuanxi(['user', 'add', 'remote@example.com', '--role', 'viewer', ...remote]);
      expect(duplicate.code).toBe(1);
      expect(duplicate.stderr).toMatch(/The server answered 409: .*email/);
      const badToken = await runGuanxi([
        'user',
        'add',
        'x@example.com',
        '--role',
        'viewer',
        '--url',
        server.url,
        '--token',
        'gxt_wrong',
      ]);
      expect(badToken.code).toBe(1);
      expect(badToken.stderr).toMatch(/The server answered 401/);
      const missingToken = await runGuanxi([
        'user',
        'add',
        'x@example.com',
        '--role',
        'viewer',
        '--url',
        server.url,
      ]);
      expect(missingToken.code).toBe(2);
      expect(missingToken.stderr).toMatch(/--url and --token go together/);
    } finally {
      expect((await server.stop()).code).toBe(0);
    }
    const unreachable = await runGuanxi([
      'user',
      'add',
      'x@example.com',
      '--role',
      'viewer',
      '--url',
      server.url,
      '--token',
      'gxt_x',
    ]);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/Could not reach the Guanxi server/);
  });
});
