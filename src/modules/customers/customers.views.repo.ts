import type { Db } from '#src/shared/context.ts';

const viewColumns = ['id', 'user_id', 'name', 'query', 'shared', 'created_at'] as const;

/** A user's own views of a list and the views others share, by name; a user keeps tens, not thousands. */
export const listViews = (db: Db, entity: string, userId: string) =>
  db
    .selectFrom('saved_views')
    .select(viewColumns)
    .where('entity', '=', entity)
    .where((eb) => eb.or([eb('user_id', '=', userId), eb('shared', '=', true)]))
    .orderBy('name')
    .orderBy('id')
    .limit(1000)
    .execute();

export const findView = (db: Db, id: string) =>
  db.selectFrom('saved_views').select(viewColumns).where('id', '=', id).executeTakeFirst();

export interface ViewInsert {
  id: string;
  userId: string;
  entity: string;
  name: string;
  query: unknown;
  shared: boolean;
  now: Date;
}

export async function insertView(db: Db, view: ViewInsert): Promise<void> {
  await db
    .insertInto('saved_views')
    .values({
      id: view.id,
      user_id: view.userId,
      entity: view.entity,
      name: view.name,
      query: JSON.stringify(view.query),
      shared: view.shared,
      created_at: view.now,
      updated_at: view.now,
    })
    .execute();
}

export async function deleteView(db: Db, id: string): Promise<void> {
  await db.deleteFrom('saved_views').where('id', '=', id).execute();
}
