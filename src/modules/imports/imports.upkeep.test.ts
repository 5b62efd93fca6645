import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as repo from '#src/modules/imports/imports.repo.ts';
import type { Import } from '#src/modules/imports/imports.schema.ts';
import { runnerId, settleImports, STALE_AFTER_MS } from '#src/modules/imports/imports.run.ts';
import type { StoredOptions } from '#src/modules/imports/imports.service.ts';
import {
  abandonedRunMessage,
  failAbandonedImports,
  removeOldUploads,
} from '#src/modules/imports/imports.upkeep.ts';
import { openTestApp, type Session, type TestApp } from '#test/support/app.ts';
import { DAY, MINUTE } from '#test/support/clock.ts';
import { expectProblem } from '#test/support/problem.ts';

/**
 * Imports left `running` by a server process that was killed are failed, and uploaded files do not pile up
 * (imports.upkeep.ts). Another process's run is staged in the `imports` row as that process would leave it.
 */
let t: TestApp;
let admin: Session;

beforeAll(async () => {
  t = await openTestApp();
  admin = await t.signedIn('admin');
});
afterAll(() => t?.close());

const api = (method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: admin.bearer, ...(payload !== undefined && { payload }) });

const upload = async (body: string) => {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/imports?entity=customers&fileName=upkeep.csv',
    headers: { ...admin.bearer, 'content-type': 'application/octet-stream' },
    payload: body,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Import>().id;
};
const importOf = async (id: string) => (await api('GET', `/api/v1/imports/${id}`)).json<Import>();
const rowOf = async (id: string) => (await repo.findImport(t.deps.db, id))!;
const runToEnd = async (id: string, input: object = {}) => {
  const started = await api('POST', `/api/v1/imports/${id}/run`, input);
  expect(started.statusCode, started.body).toBe(202);
  await settleImports(t.deps);
  return importOf(id);
};

/** What a run in another server process leaves in the row: running, that process as runner, its last heartbeat. */
const runningElsewhere = (id: string, heartbeatAt: Date) =>
  t.deps.db
    .updateTable('imports')
    .set({
      status: 'running',
      runner: 'other-host:4242:0badcafe',
      started_at: heartbeatAt,
      heartbeat_at: heartbeatAt,
    })
    .where('id', '=', id)
    .execute();

const smallFile = 'ref,kind,name\nUK-1,person,保留\nUK-2,person,也保留\n';

describe('a run whose server process is gone', () => {
  it('is failed once its heartbeat is older than the limit, with the reason, and can then be run to the end', async () => {
    const id = await upload(smallFile);
    await runningElsewhere(id, t.clock.now());
    t.clock.advance(STALE_AFTER_MS - MINUTE);
    // another server may still be at it: a heartbeat within the limit keeps it running
    expect(await failAbandonedImports(t.deps, { atStart: false })).toBe(0);
    expect((await importOf(id)).status).toBe('running');

    t.clock.advance(2 * MINUTE);
    expect(await failAbandonedImports(t.deps, { atStart: false })).toBe(1);
    expect(await importOf(id)).toMatchObject({
      status: 'failed',
      message: abandonedRunMessage,
      finishedAt: t.clock.now().toISOString(),
    });
    expect(await runToEnd(id)).toMatchObject({ status: 'completed', imported: 2, errors: 0 });
    const { runner } = await t.deps.db
      .selectFrom('imports')
      .select('runner')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(runner).toBe(runnerId);
  });

  it('is failed at start on the embedded engine, whose data directory only one process opens; on PostgreSQL it waits for the limit', async () => {
    const id = await upload(smallFile);
    await runningElsewhere(id, t.clock.now());
    const failed = await failAbandonedImports(t.deps, { atStart: true });
    expect({ failed, status: (await importOf(id)).status }).toEqual(
      t.deps.engine === 'pglite' ? { failed: 1, status: 'failed' } : { failed: 0, status: 'running' },
    );
    t.clock.advance(STALE_AFTER_MS + MINUTE);
    await failAbandonedImports(t.deps, { atStart: false });
    expect((await importOf(id)).status).toBe('failed');
  });

  it('never includes a run of this process, however late its heartbeat looks', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `UL-${i},person,Local ${i}`).join('\n');
    const id = await upload(`ref,kind,name\n${rows}\n`);
    expect((await api('POST', `/api/v1/imports/${id}/run`, {})).statusCode).toBe(202);
    t.clock.advance(STALE_AFTER_MS + MINUTE);
    expect(await failAbandonedImports(t.deps, { atStart: true })).toBe(0);
    expect((await rowOf(id)).status).toBe('running');
    await settleImports(t.deps);
    expect(await importOf(id)).toMatchObject({ status: 'completed', imported: 20_000 });
  });

  it('once taken over by another process, is no longer written by the one that lost it', async () => {
    const id = await upload(smallFile);
    await runningElsewhere(id, t.clock.now());
    await repo.updateRun(t.deps.db, id, runnerId, { status: 'completed', imported: 99 });
    expect(await importOf(id)).toMatchObject({ status: 'running', imported: 0 });
  });
});

describe('uploaded files', () => {
  it('are removed with their error reports a week after the import is done, or after an upload never run', async () => {
    const badRow = 'ref,kind,name\nUR-1,person,好\nUR-2,robot,坏\n';
    const old = await upload(badRow);
    expect(await runToEnd(old)).toMatchObject({ status: 'completed', errors: 1, hasErrorReport: true });
    const neverRun = await upload(smallFile);
    const dryRun = await upload(smallFile);
    expect(await runToEnd(dryRun, { dryRun: true })).toMatchObject({ status: 'completed', dryRun: true });
    t.clock.advance(6 * DAY);
    const recent = await upload(badRow.replaceAll('UR-', 'URR-'));
    expect(await runToEnd(recent)).toMatchObject({ hasErrorReport: true });
    const files = async (id: string) => {
      const row = await rowOf(id);
      return [(row.options as StoredOptions).path, row.error_report].filter(
        (f) => f !== null && f !== undefined,
      );
    };
    const oldFiles = [...(await files(old)), ...(await files(neverRun)), ...(await files(dryRun))];
    expect(oldFiles).toHaveLength(4);
    expect(oldFiles.every((file) => existsSync(file!))).toBe(true);
    const recentFiles = await files(recent);

    t.clock.advance(DAY + MINUTE);
    // (and those of this file's earlier tests, now as old)
    expect(await removeOldUploads(t.deps)).toBeGreaterThanOrEqual(3);
    expect(oldFiles.filter((file) => existsSync(file!))).toEqual([]);
    for (const id of [old, neverRun, dryRun]) expect(await files(id)).toEqual([]);
    expect(recentFiles.every((file) => existsSync(file!))).toBe(true);
    expect(await removeOldUploads(t.deps)).toBe(0);

    // the rows stay, with their counts; the files are gone for good
    expect(await importOf(old)).toMatchObject({ status: 'completed', imported: 1, hasErrorReport: false });
    expectProblem(await api('GET', `/api/v1/imports/${old}/errors`), 404, 'import.not_found');
    for (const id of [neverRun, dryRun]) {
      const problem = expectProblem(await api('POST', `/api/v1/imports/${id}/run`, {}), 409, 'import.state');
      expect(problem.detail).toMatch(/removed after 7 days; upload the file again/);
    }
    expect(await importOf(recent)).toMatchObject({ hasErrorReport: true });
  });
});
