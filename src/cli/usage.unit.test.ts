import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runGuanxi } from '#test/support/process.ts';

/**
 * How `guanxi` answers its invocation (DESIGN §4: exit 0 ok, 1 failure, 2 bad invocation), before any database is
 * opened: these run once, not per engine.
 */
const scratch = mkdtempSync(path.join(tmpdir(), 'guanxi-usage-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('guanxi', { timeout: 60_000 }, () => {
  it('--help prints the usage and exits 0, also for subcommands', async () => {
    const help = await runGuanxi(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: guanxi/);
    expect(help.stdout).toMatch(/\bstart\b/);
    expect(help.stdout).toMatch(/\buser\b/);
    const sub = await runGuanxi(['user', 'add', '--help']);
    expect(sub.code).toBe(0);
    expect(sub.stdout).toMatch(/--role <role>/);
    expect(sub.stdout).toMatch(/--password-stdin/);
  });

  it('--version prints the package version and exits 0', async () => {
    const result = await runGuanxi(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('with an unknown command, an unknown option or a bad port exits 2', async () => {
    const unknown = await runGuanxi(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command 'frobnicate'/);
    expect(
      (await runGuanxi(['user', 'add', 'a@example.com', '--role', 'sales', '--colour', 'red'])).code,
    ).toBe(2);
    const port = await runGuanxi(['start', '--port', 'eighty', '--data', path.join(scratch, 'port')]);
    expect(port.code).toBe(2);
    expect(port.stderr).toMatch(/--port must be a port number/);
  });

  it('user add with a bad role, no role or a bad email exits 2 without opening the database', async () => {
    const dataDir = path.join(scratch, 'never-opened');
    const badRole = await runGuanxi([
      'user',
      'add',
      'someone@example.com',
      '--role',
      'owner',
      '--data',
      dataDir,
    ]);
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toMatch(/^guanxi: --role: /);
    const noRole = await runGuanxi(['user', 'add', 'someone@example.com', '--data', dataDir]);
    expect(noRole.code).toBe(2);
    expect(noRole.stderr).toMatch(/--role/);
    const badEmail = await runGuanxi(['user', 'add', 'not-an-email', '--role', 'sales', '--data', dataDir]);
    expect(badEmail.code).toBe(2);
    expect(badEmail.stderr).toMatch(/^guanxi: EMAIL: /);
    expect(existsSync(dataDir)).toBe(false);
  });
});
