import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '#test/support/db.ts';

/**
 * STYLE.md: table types cannot drift from the migrated schema. This reads `src/db/schema.ts` with the TypeScript
 * parser and compares every table and column (name, nullability, whether inserts may omit it, and its type) with
 * the migrated database's information_schema.
 */
interface DeclaredColumn {
  table: string;
  column: string;
  type: string;
  nullable: boolean;
  /** Generated<…> or an insert type that allows undefined: the database must supply a default. */
  optionalOnInsert: boolean;
  /** GeneratedAlways<…>: computed by the database from other columns, never written. */
  computed: boolean;
}

function declaredColumns(): DeclaredColumn[] {
  const file = new URL('./schema.ts', import.meta.url);
  const source = ts.createSourceFile('schema.ts', readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const interfaces = new Map<string, ts.InterfaceDeclaration>();
  const aliases = new Map<string, string>();
  source.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node)) interfaces.set(node.name.text, node);
    if (ts.isTypeAliasDeclaration(node)) aliases.set(node.name.text, node.type.getText(source));
  });
  const db = interfaces.get('DB');
  if (!db) throw new Error('schema.ts has no DB interface');
  const columns: DeclaredColumn[] = [];
  for (const tableMember of db.members) {
    if (!ts.isPropertySignature(tableMember) || !tableMember.type)
      throw new Error('DB members must be `table: TableInterface`');
    const table = tableMember.name.getText(source);
    const tableInterface = interfaces.get(tableMember.type.getText(source));
    if (!tableInterface)
      throw new Error(`no interface ${tableMember.type.getText(source)} for table ${table}`);
    for (const member of tableInterface.members) {
      if (!ts.isPropertySignature(member) || !member.type) continue;
      let type = member.type.getText(source).replace(/\s+/g, ' ');
      let optionalOnInsert = false;
      const generated = /^Generated(Always)?<(.+)>$/.exec(type);
      if (generated) {
        type = generated[2]!;
        optionalOnInsert = true;
      }
      const computed = generated?.[1] === 'Always';
      const nullable = /\|\s*null\b/.test(type);
      type = type.replace(/\s*\|\s*null\b/, '').trim();
      // an alias such as CreatedAt = ColumnType<Date, Date | string | undefined, never>: its select type is what
      // the column holds, and an insert type that admits undefined means the database fills it in
      const aliased = (aliases.get(type) ?? '').replace(/\s+/g, ' ');
      // a plain alias such as DateText = string stands for its target
      if (aliased && !aliased.startsWith('ColumnType<')) type = aliased;
      const alias = /^ColumnType<([^,]+),([^,]*),/.exec(aliased);
      if (alias) {
        type = alias[1]!.trim();
        if (/\bundefined\b/.test(alias[2]!)) optionalOnInsert = true;
      }
      columns.push({
        table,
        column: member.name.getText(source),
        type,
        nullable,
        optionalOnInsert,
        computed,
      });
    }
  }
  return columns;
}

/** The PostgreSQL types each TypeScript type in schema.ts may stand for. */
const typeMap: Record<string, string[]> = {
  string: ['text', 'uuid', 'character varying', 'numeric', 'date'],
  'string[]': ['ARRAY'],
  number: ['integer', 'smallint', 'bigint', 'real', 'double precision'],
  boolean: ['boolean'],
  Date: ['timestamp with time zone'],
  unknown: ['jsonb', 'json'],
};

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(() => t?.close());

const migratedColumns = async () =>
  (
    await sql<{
      table_name: string;
      column_name: string;
      data_type: string;
      is_nullable: 'YES' | 'NO';
      column_default: string | null;
      is_generated: 'ALWAYS' | 'NEVER';
    }>`
      select table_name, column_name, data_type, is_nullable, column_default, is_generated
      from information_schema.columns
      where table_schema = 'public' and table_name not like 'kysely\\_%'
      order by table_name, column_name`.execute(t.database.db)
  ).rows;

describe('src/db/schema.ts', () => {
  it('names exactly the tables and columns of the migrated database', async () => {
    const declared = declaredColumns();
    expect(declared.length).toBeGreaterThan(30);
    const inSchema = declared.map((c) => `${c.table}.${c.column}`).sort();
    const inDatabase = (await migratedColumns()).map((c) => `${c.table_name}.${c.column_name}`).sort();
    expect(inSchema).toEqual(inDatabase);
  });

  it('types each column as the database does: type, nullability, and a default where inserts may omit it', async () => {
    const database = new Map((await migratedColumns()).map((c) => [`${c.table_name}.${c.column_name}`, c]));
    for (const column of declaredColumns()) {
      const key = `${column.table}.${column.column}`;
      const actual = database.get(key);
      if (!actual) continue; // reported by the test above
      expect(typeMap[column.type], `${key}: teach this test the type ${column.type}`).toBeDefined();
      expect(typeMap[column.type], `${key} is ${actual.data_type} in the database`).toContain(
        actual.data_type,
      );
      // JSON read as unknown may be null without saying so
      if (column.type !== 'unknown')
        expect(column.nullable, `${key} nullable`).toBe(actual.is_nullable === 'YES');
      expect(actual.is_generated, `${key}: GeneratedAlways<…> exactly for generated columns`).toBe(
        column.computed ? 'ALWAYS' : 'NEVER',
      );
      if (column.computed) continue;
      if (column.optionalOnInsert)
        expect(
          actual.column_default,
          `${key} may be omitted on insert, so it needs a default`,
        ).not.toBeNull();
      else if (!column.nullable && column.type !== 'unknown') {
        expect(actual.column_default, `${key} has a default: let inserts omit it (Generated<…>)`).toBeNull();
      }
    }
  });

  it('leaves no migration pending', async () => {
    const { migrate } = await import('#src/db/engine.ts');
    expect(await migrate(t.database.db)).toEqual([]);
  });
});
