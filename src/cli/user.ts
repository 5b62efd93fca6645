import type { Command } from 'commander';
import {
  emailSchema,
  passwordSchema,
  roles,
  roleSchema,
  type User,
} from '#src/modules/users/users.schema.ts';
import { createUser, listUsers, resetPassword } from '#src/modules/users/users.service.ts';
import { AppError } from '#src/shared/errors.ts';
import {
  cliActor,
  cliConfig,
  CliError,
  EXIT_USAGE,
  openForCli,
  readPasswordFromStdin,
} from '#src/cli/context.ts';
import { callApi } from '#src/cli/remote.ts';

interface Target {
  data?: string;
  url?: string;
  token?: string;
}

function parseOr<T>(
  schema: {
    safeParse(
      v: unknown,
    ): { success: true; data: T } | { success: false; error: { issues: { message: string }[] } };
  },
  value: unknown,
  what: string,
): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new CliError(`${what}: ${parsed.error.issues.map((i) => i.message).join('; ')}`, EXIT_USAGE);
  return parsed.data;
}

/** Runs `local` on the database, or `remote` through a running server when --url/--token are given. */
async function onTarget<T>(
  target: Target,
  local: (open: Awaited<ReturnType<typeof openForCli>>) => Promise<T>,
  remote: (url: string, token: string) => Promise<T>,
): Promise<T> {
  if (target.url || target.token) {
    if (!target.url || !target.token) throw new CliError('--url and --token go together', EXIT_USAGE);
    return remote(target.url, target.token);
  }
  const opened = await openForCli(cliConfig(target));
  try {
    return await local(opened);
  } catch (error) {
    if (error instanceof AppError)
      throw new CliError([error.message, ...error.errors.map((e) => `${e.field}: ${e.message}`)].join('; '));
    throw error;
  } finally {
    await opened.database.close();
  }
}

const targetOptions = (command: Command) =>
  command
    .option('--data <dir>', 'data directory of the embedded database (env GUANXI_DATA_DIR)')
    .option('--url <url>', 'work through a running Guanxi server at this URL')
    .option('--token <token>', 'API token for --url');

export function userCommand(program: Command): void {
  const user = program.command('user').description('manage staff accounts');

  targetOptions(
    user
      .command('add')
      .description('create a staff account; prints a generated password once unless --password-stdin')
      .argument('<email>', 'login email')
      .requiredOption('--role <role>', `one of ${roles.join(', ')}`)
      .option('--name <name>', 'display name (default: the part of the email before @)')
      .option('--password-stdin', 'read the password from standard input'),
  ).action(
    async (emailArg: string, options: Target & { role: string; name?: string; passwordStdin?: boolean }) => {
      const email = parseOr(emailSchema, emailArg, 'EMAIL');
      const role = parseOr(roleSchema, options.role, '--role');
      const password = options.passwordStdin
        ? parseOr(passwordSchema, await readPasswordFromStdin(), 'password')
        : undefined;
      const input = {
        email,
        role,
        name: options.name ?? email.split('@')[0]!,
        ...(password !== undefined && { password }),
      };
      const created = await onTarget(
        options,
        ({ deps }) => createUser(deps, cliActor(), input),
        (url, token) =>
          callApi<{ user: User; password?: string }>(url, token, 'POST', '/api/v1/users', input),
      );
      process.stdout.write(`Created ${created.user.email} (${created.user.role}).\n`);
      if (created.password) process.stdout.write(`Password (shown only this once): ${created.password}\n`);
    },
  );

  targetOptions(
    user
      .command('reset-password')
      .description(
        'set a new password for a staff account and end its sessions; prints a generated one unless --password-stdin',
      )
      .argument('<email>', 'login email')
      .option('--password-stdin', 'read the new password from standard input'),
  ).action(async (emailArg: string, options: Target & { passwordStdin?: boolean }) => {
    const email = parseOr(emailSchema, emailArg, 'EMAIL');
    const password = options.passwordStdin
      ? parseOr(passwordSchema, await readPasswordFromStdin(), 'password')
      : undefined;
    const notFound = () => new CliError(`No staff account with the email ${email}`);
    const result = await onTarget(
      options,
      async ({ deps }) => {
        const page = await listUsers(deps, { q: email, limit: 200, sort: 'email' });
        const found = page.items.find((u) => u.email === email);
        if (!found) throw notFound();
        return resetPassword(deps, cliActor(), found.id, password);
      },
      async (url, token) => {
        const page = await callApi<{ items: User[] }>(
          url,
          token,
          'GET',
          `/api/v1/users?q=${encodeURIComponent(email)}&limit=200`,
        );
        const found = page.items.find((u) => u.email === email);
        if (!found) throw notFound();
        return callApi<{ password?: string }>(
          url,
          token,
          'POST',
          `/api/v1/users/${found.id}/reset-password`,
          password === undefined ? {} : { password },
        );
      },
    );
    process.stdout.write(`New password set for ${email}; their sessions were ended.\n`);
    if (result.password) process.stdout.write(`Password (shown only this once): ${result.password}\n`);
  });
}
