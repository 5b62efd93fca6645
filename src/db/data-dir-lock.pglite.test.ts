import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataDirLockedError } from '#src/db/data-dir-lock.ts';
import { type TestDatabaseLocation } from '#test/support/db.ts';
import { childEnv, runGuanxi, startGuanxi, databasesForProcesses } from '#test/support/process.ts';

/**
 * PGlite has no locking: two processes on one data directory corrupt it silently (DESIGN §1). Guanxi holds
 * `guanxi.lock` while the database is open, refuses a second opener with a clear message, and takes over a lock
 * whose process is gone.
 */
const fresh = databasesForProcesses();

const lockFileOf = (location: TestDatabaseLocation) => path.join(location.dataDir, 'guanxi.lock');
const lockOwner = (location: TestDatabaseLocation) =>
  JSON.parse(readFileSync(lockFileOf(location), 'utf8')) as { pid: number; startTime: string | null };

describe('the data-directory lock', () => {
  it('makes a second process on the same directory stop with a clear message and exit code 1', async () => {
    const location = await fresh();
    const server = await startGuanxi(location);
    expect(lockOwner(location).pid).toBe(server.pid);
    const second = await runGuanxi(['migrate', '--data', location.dataDir]);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(
      `The data directory ${location.dataDir} is in use by another Guanxi process (pid ${server.pid})`,
    );
    expect(second.stderr).toMatch(/--url and --token/);
    expect(second.stderr).not.toMatch(/\n\s+at /);
    // a data command is refused the same way, and the server keeps its lock and keeps working
    const userAdd = await runGuanxi([
      'user',
      'add',
      'x@example.com',
      '--role',
      'sales',
      '--data',
      location.dataDir,
    ]);
    expect(userAdd.code).toBe(1);
    expect(userAdd.stderr).toContain('is in use by another Guanxi process');
    expect(lockOwner(location).pid).toBe(server.pid);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    expect((await server.stop()).code).toBe(0);
  });

  it('makes a second open in the same process fail too', async () => {
    const location = await fresh();
    const database = await location.open();
    try {
      await expect(location.open()).rejects.toBeInstanceOf(DataDirLockedError);
    } finally {
      await database.close();
    }
    const again = await location.open();
    await again.close();
  });

  it('left by a process killed with SIGKILL is taken over', async () => {
    const location = await fresh();
    const server = await startGuanxi(location);
    await server.kill9();
    // the dead server's lock is still there
    expect(lockOwner(location).pid).toBe(server.pid);
    const migrate = await runGuanxi(['migrate', '--data', location.dataDir], { env: childEnv() });
    expect(migrate.stderr).toBe('');
    expect(migrate.code).toBe(0);
    expect(migrate.stdout).toMatch(/already up to date/);
    const database = await location.open();
    try {
      expect(lockOwner(location).pid).toBe(process.pid);
    } finally {
      await database.close();
    }
  });

  it('whose pid now belongs to another process (pid reuse) is taken over', async () => {
    const location = await fresh();
    // pid 1 is alive, but it is not the process that wrote this lock: its start time differs
    writeFileSync(lockFileOf(location), JSON.stringify({ pid: 1, startTime: '1' }));
    const database = await location.open();
    try {
      expect(lockOwner(location).pid).toBe(process.pid);
    } finally {
      await database.close();
    }
  });

  it('that was half written by a process that died is taken over', async () => {
    const location = await fresh();
    writeFileSync(lockFileOf(location), '{"pid":');
    const database = await location.open();
    await database.close();
  });

  it('of a process that has exited since is taken over', async () => {
    const location = await fresh();
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    await new Promise((resolve) => child.once('exit', resolve));
    writeFileSync(lockFileOf(location), JSON.stringify({ pid: child.pid, startTime: null }));
    const result = await runGuanxi(['migrate', '--data', location.dataDir]);
    expect(result.code, result.stderr).toBe(0);
  });
});
