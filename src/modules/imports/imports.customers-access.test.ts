import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile, type ImportOptions } from '#src/modules/imports/import-file.ts';
import { readErrorReport, tempFiles } from '#src/modules/imports/test-files.ts';
import type { Actor } from '#src/shared/context.ts';
import { openTestDatabase, type TestDatabase } from '#test/support/db.ts';
import { buildTeam, buildUser, insertCustomerRow, setupActor } from '#test/support/factories.ts';

const files = tempFiles();
let t: TestDatabase;

beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(() => t?.close());

const header = [
  'ref',
  'kind',
  'name',
  'email',
  'phone',
  'gender',
  'birthday',
  'province',
  'city',
  'industry',
  'tags',
  'created_at',
];

const run = (path: string, options: Partial<ImportOptions> = {}, actor: Actor = setupActor) =>
  importFile(t.deps, actor, { entity: 'customers', path, errorsPath: `${path}.errors.csv`, ...options });

const customer = (ref: string) =>
  t.deps.db
    .selectFrom('customers')
    .select([
      'ref',
      'kind',
      'name',
      'email',
      'phone',
      'gender',
      'birthday',
      'province',
      'city',
      'industry',
      'tags',
      'created_at',
      'source',
      'owner_id',
      'team_id',
      'version',
      'name_initials',
      'search_text',
    ])
    .where('ref', '=', ref)
    .executeTakeFirst();

describe('who owns imported customers', () => {
  it('new customers belong to the staff member who imports them, in their team', async () => {
    const team = await buildTeam(t.deps);
    const { user } = await buildUser(t.deps, { role: 'sales', teamId: team.id });
    const actor: Actor = {
      userId: user.id,
      label: user.email,
      role: 'sales',
      teamId: team.id,
      ip: null,
      requestId: null,
    };
    await run(files.csv('mine.csv', [header.slice(0, 3), ['O-1', 'person', 'Mine']]), {}, actor);
    expect(await customer('O-1')).toMatchObject({ owner_id: user.id, team_id: team.id });
  });

  it('sales staff cannot change another owner’s customer through an import', async () => {
    const { user: other } = await buildUser(t.deps, { role: 'sales' });
    await insertCustomerRow(t.deps.db, { ref: 'P-1', name: 'Theirs', owner_id: other.id });
    const { user } = await buildUser(t.deps, { role: 'sales' });
    const actor: Actor = {
      userId: user.id,
      label: user.email,
      role: 'sales',
      teamId: null,
      ip: null,
      requestId: null,
    };
    const result = await run(
      files.csv('theirs.csv', [header.slice(0, 3), ['P-1', 'person', 'Taken over']]),
      {},
      actor,
    );
    expect(result).toMatchObject({ imported: 0, errors: 1 });
    expect((await customer('P-1'))!.name).toBe('Theirs');
    expect(readErrorReport(result.errorReport!)[0]).toMatchObject({
      line: '2',
      column: 'ref',
      reason: '"P-1" names a customer you may not change',
    });
  });

  it('a deleted customer’s ref is rejected rather than silently brought back', async () => {
    await insertCustomerRow(t.deps.db, { ref: 'DEL-1', name: 'Gone', deleted_at: new Date() });
    const result = await run(files.csv('deleted.csv', [header.slice(0, 3), ['DEL-1', 'person', 'Back']]));
    expect(result).toMatchObject({ imported: 0, errors: 1 });
    expect(readErrorReport(result.errorReport!)[0]!.reason).toMatch(/deleted customer/);
  });
});
