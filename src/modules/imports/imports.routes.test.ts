import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Import } from '#src/modules/imports/imports.schema.ts';
import { settleImports } from '#src/modules/imports/imports.run.ts';
import { openTestApp, type Session, type TestApp } from '#test/support/app.ts';
import { buildTeam, insertCustomerRow } from '#test/support/factories.ts';
import { expectProblem } from '#test/support/problem.ts';

let t: TestApp;
let admin: Session;
let sales: Session;

beforeAll(async () => {
  t = await openTestApp();
  admin = await t.signedIn('admin');
  sales = await t.signedIn('sales');
});
afterAll(() => t?.close());

const upload = (session: Session | null, entity: string, body: string | Buffer, fileName = 'file.csv') =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/imports?entity=${entity}&fileName=${encodeURIComponent(fileName)}`,
    headers: { ...(session?.bearer ?? {}), 'content-type': 'application/octet-stream' },
    payload: body,
  });

const api = (session: Session | null, method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: session?.bearer ?? {}, ...(payload !== undefined && { payload }) });

/** Runs an uploaded import and waits for it to finish (the run answers at once and works in the background). */
async function runToEnd(session: Session, id: string, input: object = {}): Promise<Import> {
  const started = await api(session, 'POST', `/api/v1/imports/${id}/run`, input);
  expect(started.statusCode, started.body).toBe(202);
  await settleImports(t.deps);
  return (await api(session, 'GET', `/api/v1/imports/${id}`)).json<Import>();
}

const customersFile = [
  '客户编号,姓名,类型,手机,邮箱,城市,备注',
  'W-1,张伟,person,13800138001,zw@example.com,北京市,老客户',
  'W-2,李娜,person,not a phone,,上海市,',
  'W-3,Acme,organization,,,深圳市,"多行',
  '备注"',
].join('\n');

describe('the import wizard over HTTP', () => {
  it('requires login on every import and export route', async () => {
    expectProblem(await upload(null, 'customers', 'a,b\n'), 401, 'auth.required');
    for (const url of [
      '/api/v1/imports',
      '/api/v1/imports/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
      '/api/v1/exports/customers',
    ])
      expectProblem(await api(null, 'GET', url), 401, 'auth.required');
  });

  it('stores an upload and answers its columns, a suggested mapping from Chinese headers, and a preview', async () => {
    const response = await upload(sales, 'customers', iconv.encode(customersFile, 'gb18030'), '客户.csv');
    expect(response.statusCode, response.body).toBe(201);
    const created = response.json<Import>();
    expect(created).toMatchObject({
      entity: 'customers',
      fileName: '客户.csv',
      format: 'csv',
      encoding: 'gb18030',
      status: 'uploaded',
      headers: ['客户编号', '姓名', '类型', '手机', '邮箱', '城市', '备注'],
      suggestedMapping: {
        客户编号: 'ref',
        姓名: 'name',
        类型: 'kind',
        手机: 'phone',
        邮箱: 'email',
        城市: 'city',
        备注: null,
      },
      rowsTotal: 4,
      rowsDone: 0,
      hasErrorReport: false,
      createdBy: sales.user.id,
    });
    expect(created.preview).toEqual([
      { line: 2, cells: ['W-1', '张伟', 'person', '13800138001', 'zw@example.com', '北京市', '老客户'] },
      { line: 3, cells: ['W-2', '李娜', 'person', 'not a phone', '', '上海市', ''] },
      { line: 4, cells: ['W-3', 'Acme', 'organization', '', '', '深圳市', '多行\n备注'] },
    ]);
  });

  it('dry-runs, then runs for real in the background, with counts and a downloadable error report', async () => {
    const { id, suggestedMapping } = (
      await upload(sales, 'customers', customersFile, 'wizard.csv')
    ).json<Import>();
    const dry = await runToEnd(sales, id, { mapping: suggestedMapping, dryRun: true });
    expect(dry).toMatchObject({
      status: 'completed',
      dryRun: true,
      imported: 2,
      skipped: 0,
      errors: 1,
      rowsDone: 3,
    });
    const none = await t.deps.db.selectFrom('customers').select('ref').where('ref', 'like', 'W-%').execute();
    expect(none).toEqual([]);

    const real = await runToEnd(sales, id, { mapping: suggestedMapping });
    expect(real).toMatchObject({
      status: 'completed',
      dryRun: false,
      imported: 2,
      errors: 1,
      hasErrorReport: true,
      finishedAt: expect.any(String),
    });
    const stored = await t.deps.db
      .selectFrom('customers')
      .select(['ref', 'owner_id'])
      .where('ref', 'like', 'W-%')
      .orderBy('ref')
      .execute();
    expect(stored).toEqual([
      { ref: 'W-1', owner_id: sales.user.id },
      { ref: 'W-3', owner_id: sales.user.id },
    ]);

    const report = await api(sales, 'GET', `/api/v1/imports/${id}/errors`);
    expect(report.statusCode).toBe(200);
    expect(report.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(report.headers['content-disposition']).toMatch(/^attachment; filename="wizard.errors.csv"/);
    expect(report.body).toBe(
      '\ufeffline,column,reason,客户编号,姓名,类型,手机,邮箱,城市,备注\n3,手机,"""not a phone"" is not a valid phone number",W-2,李娜,person,not a phone,,上海市,\n',
    );

    // a finished real run is not started twice
    expectProblem(
      await api(sales, 'POST', `/api/v1/imports/${id}/run`, { mapping: suggestedMapping }),
      409,
      'import.state',
    );
  });

  it('refuses a mapping that leaves out a required column, naming it, before running', async () => {
    const { id } = (await upload(sales, 'orders', 'ref,customer_ref,amount\nO-1,C-1,5\n')).json<Import>();
    const problem = expectProblem(
      await api(sales, 'POST', `/api/v1/imports/${id}/run`, {}),
      400,
      'import.bad_file',
    );
    expect(problem.errors).toEqual([
      { field: 'ordered_at', message: 'is a required column the file does not have' },
    ]);
    const bad = await api(sales, 'POST', `/api/v1/imports/${id}/run`, { mapping: { amount: 'total' } });
    expect(expectProblem(bad, 400, 'request.invalid').errors[0]!.field).toBe('mapping.amount');
  });

  it('refuses an upload that is not a readable file, and a JSON body', async () => {
    const problem = expectProblem(
      await upload(sales, 'customers', Buffer.from([0xff, 0xfe, 0x41, 0x00])),
      400,
      'import.bad_file',
    );
    expect(problem.detail).toMatch(/UTF-16/);
    expectProblem(await upload(sales, 'customers', ''), 400, 'import.bad_file');
    const json = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports?entity=customers',
      headers: { ...sales.bearer, 'content-type': 'application/json' },
      payload: { rows: [] },
    });
    expectProblem(json, 415, 'request.unsupported_media_type');
    expectProblem(await upload(sales, 'nonsense', 'a\n'), 400, 'request.invalid');
  });

  it('reports a run that fails on a broken file as failed, with the reason', async () => {
    // the break comes after the rows the preview reads, so the upload is accepted
    const good = Array.from({ length: 3000 }, (_, i) => `F-${i},person,Name ${i}`).join('\n');
    const body = `ref,kind,name\n${good}\nF-X,person,"never closed\n`;
    const uploaded = await upload(admin, 'customers', body);
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const failed = await runToEnd(admin, uploaded.json<Import>().id);
    expect(failed).toMatchObject({
      status: 'failed',
      message: expect.stringMatching(
        /not valid CSV near line \d+: Quote Not Closed.*\(2000 records before it were imported\)/,
      ),
    });
  });

  it('stops a running import when the server shuts down, marked cancelled, and it can be run again', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `S-${i},person,Stopped ${i}`).join('\n');
    const { id } = (await upload(admin, 'customers', `ref,kind,name\n${rows}\n`)).json<Import>();
    expect((await api(admin, 'POST', `/api/v1/imports/${id}/run`, {})).statusCode).toBe(202);
    await settleImports(t.deps, { stop: true });
    const stopped = (await api(admin, 'GET', `/api/v1/imports/${id}`)).json<Import>();
    expect(stopped).toMatchObject({ status: 'cancelled', message: expect.stringMatching(/run it again/) });
    expect(stopped.imported).toBeLessThan(20_000);
    const again = await runToEnd(admin, id);
    expect(again).toMatchObject({ status: 'completed', errors: 0 });
    expect(again.imported + again.skipped).toBe(20_000);
  });

  it('does not show another user’s import; admins see everyone’s in the list', async () => {
    const { id } = (await upload(sales, 'customers', customersFile)).json<Import>();
    const other = await t.signedIn('sales');
    expectProblem(await api(other, 'GET', `/api/v1/imports/${id}`), 404, 'import.not_found');
    expectProblem(await api(other, 'POST', `/api/v1/imports/${id}/run`, {}), 404, 'import.not_found');
    expectProblem(await api(other, 'GET', `/api/v1/imports/${id}/errors`), 404, 'import.not_found');
    const theirs = (await api(other, 'GET', '/api/v1/imports')).json<{
      items: Import[];
      nextCursor: string | null;
    }>();
    expect(theirs).toEqual({ items: [], nextCursor: null });
    const mine = (await api(sales, 'GET', '/api/v1/imports?limit=2')).json<{
      items: Import[];
      nextCursor: string | null;
    }>();
    expect(mine.items).toHaveLength(2);
    expect(mine.items.every((item) => item.createdBy === sales.user.id)).toBe(true);
    expect(mine.items[0]).not.toHaveProperty('preview');
    expect(mine.nextCursor).toEqual(expect.any(String));
    const next = (await api(sales, 'GET', `/api/v1/imports?limit=2&cursor=${mine.nextCursor}`)).json<{
      items: Import[];
    }>();
    expect(next.items.map((i) => i.id)).not.toContain(mine.items[0]!.id);
    const all = (await api(admin, 'GET', '/api/v1/imports?limit=200')).json<{ items: Import[] }>();
    expect(all.items.map((i) => i.id)).toContain(id);
  });

  it('is for staff who may import: viewers may not, and sales staff may not import the product catalogue', async () => {
    expectProblem(await upload(sales, 'products', 'sku,name\nP-1,Cup\n'), 403, 'auth.forbidden');
    const viewer = await t.signedIn('viewer');
    expectProblem(await upload(viewer, 'customers', customersFile), 403, 'auth.forbidden');
    expectProblem(await api(viewer, 'GET', '/api/v1/imports'), 403, 'auth.forbidden');
  });
});

describe('exports over HTTP', () => {
  it('streams a CSV download with a BOM to those who may export', async () => {
    await insertCustomerRow(t.deps.db, { ref: 'HX-1', name: '=SUM(A1)' });
    const response = await api(admin, 'GET', '/api/v1/exports/customers?format=csv');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="customers-\d{8}\.csv"/);
    expect(response.body.startsWith('\ufeffref,kind,name,')).toBe(true);
    expect(response.body).toContain("\nHX-1,person,'=SUM(A1),");
  });

  it('streams XLSX', async () => {
    const response = await api(admin, 'GET', '/api/v1/exports/orders?format=xlsx');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(response.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('is refused to sales staff (whole-table exports carry everyone’s personal data), and a manager sees their team only', async () => {
    expectProblem(await api(sales, 'GET', '/api/v1/exports/customers'), 403, 'auth.forbidden');
    const team = await buildTeam(t.deps);
    const manager = await t.signedIn('manager', { teamId: team.id });
    await insertCustomerRow(t.deps.db, { ref: 'HX-TEAM', team_id: team.id });
    const response = await api(manager, 'GET', '/api/v1/exports/customers');
    expect(
      response.body
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.split(',')[0]),
    ).toEqual(['HX-TEAM']);
    expectProblem(await api(admin, 'GET', '/api/v1/exports/leads'), 400, 'request.invalid');
  });
});
