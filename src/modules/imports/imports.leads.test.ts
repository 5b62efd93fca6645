import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile, type ImportOptions } from '#src/modules/imports/import-file.ts';
import { readErrorReport, tempFiles } from '#src/modules/imports/test-files.ts';
import { createScoreRule } from '#src/modules/sales/lead-rules.scoring.ts';
import { createAssignmentRule } from '#src/modules/sales/lead-rules.service.ts';
import type { Actor } from '#src/shared/context.ts';
import { openTestDatabase, type TestDatabase } from '#test/support/db.ts';
import { buildUser, setupActor } from '#test/support/factories.ts';

/** `guanxi import leads FILE` (DESIGN §4): rows become leads, refs update, new leads are assigned and scored. */
const files = tempFiles();
let t: TestDatabase;

beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(() => t?.close());

const run = (path: string, actor: Actor = setupActor, options: Partial<ImportOptions> = {}) =>
  importFile(t.deps, actor, { entity: 'leads', path, errorsPath: `${path}.errors.csv`, ...options });

const header = ['ref', 'name', 'company', 'email', 'phone', 'source', 'province', 'city', 'notes'];

const leadsByRef = () =>
  t.deps.db
    .selectFrom('leads')
    .select([
      'ref',
      'name',
      'company',
      'email',
      'source',
      'province',
      'owner_id',
      'score',
      'status',
      'version',
    ])
    .where('ref', 'is not', null)
    .orderBy('ref')
    .execute();

describe('import leads', () => {
  it('imports leads, assigned and scored; rows missing a name are rejected with line, column and reason', async () => {
    const { user: ann } = await buildUser(t.deps, { role: 'sales' });
    await createAssignmentRule(t.deps, setupActor, {
      name: 'Zhejiang',
      kind: 'region',
      provinces: ['浙江'],
      assigneeIds: [ann.id],
    });
    await createScoreRule(t.deps, setupActor, {
      name: 'Trade show',
      condition: { kind: 'field', field: 'source', op: 'eq', value: 'trade_show' },
      points: 12,
    });
    const file = files.csv('leads.csv', [
      header,
      ['L-1', '陈静', '宁波海天', 'chen@haitian.cn', '13900001111', 'trade_show', '浙江', '宁波', '展会名片'],
      ['L-2', 'Ada Lee', 'Acme', 'ADA@ACME.COM', '', '', '北京', '北京', ''],
      ['L-3', '', 'Nameless Co', '', '', '', '', '', ''],
      ['L-4', 'Bad mail', '', 'not-an-email', '', '', '', '', ''],
    ]);
    const result = await run(file);
    expect(result).toMatchObject({ imported: 2, skipped: 0, errors: 2 });
    expect(await leadsByRef()).toMatchObject([
      { ref: 'L-1', name: '陈静', source: 'trade_show', owner_id: ann.id, score: 12, status: 'new' },
      { ref: 'L-2', email: 'ada@acme.com', source: 'import', owner_id: null, score: 0 },
    ]);
    expect(readErrorReport(result.errorReport!).map((r) => [r.line, r.column, r.reason])).toEqual([
      ['4', 'name', 'is required'],
      ['5', 'email', '"not-an-email" is not an email address'],
    ]);
  });

  it('re-importing a ref updates instead of duplicating; identical rows are skipped', async () => {
    const file = files.csv('leads-again.csv', [
      header,
      [
        'L-1',
        '陈静',
        '宁波海天集团',
        'chen@haitian.cn',
        '13900001111',
        'trade_show',
        '浙江',
        '宁波',
        '展会名片',
      ],
      ['L-2', 'Ada Lee', 'Acme', 'ada@acme.com', '', '', '北京', '北京', ''],
    ]);
    const result = await run(file);
    expect(result).toMatchObject({ imported: 1, skipped: 1, errors: 0 });
    const rows = await leadsByRef();
    expect(rows.map((r) => r.ref)).toEqual(['L-1', 'L-2']);
    expect(rows[0]).toMatchObject({ company: '宁波海天集团', version: 2, score: 12 });
  });

  it('sales staff import leads they own and cannot change another owner’s lead by its ref', async () => {
    const { user: seller } = await buildUser(t.deps, { role: 'sales' });
    const actor: Actor = {
      userId: seller.id,
      label: seller.email,
      role: 'sales',
      teamId: null,
      ip: null,
      requestId: null,
    };
    const file = files.csv('leads-sales.csv', [
      ['ref', 'name'],
      ['S-1', 'Mine'],
      ['L-1', 'Not mine'],
    ]);
    const result = await run(file, actor);
    expect(result).toMatchObject({ imported: 1, errors: 1 });
    const mine = await t.deps.db
      .selectFrom('leads')
      .select('owner_id')
      .where('ref', '=', 'S-1')
      .executeTakeFirstOrThrow();
    expect(mine.owner_id).toBe(seller.id);
    expect(readErrorReport(result.errorReport!).map((r) => [r.line, r.column])).toEqual([['3', 'ref']]);
  });
});
