import type { z } from 'zod';
import { recordAudit } from '#src/modules/audit/audit.service.ts';
import { fieldDefinitions } from '#src/modules/customers/customers.custom-fields.ts';
import { parseCustomFilters } from '#src/modules/customers/customers.custom-values.ts';
import { customerListQuery } from '#src/modules/customers/customers.schema.ts';
import type { SavedView, savedViewCreateInput } from '#src/modules/customers/customers.schema.ts';
import * as repo from '#src/modules/customers/customers.views.repo.ts';
import type { Actor, Deps } from '#src/shared/context.ts';
import { AppError, notFound, type FieldError } from '#src/shared/errors.ts';
import { newId } from '#src/shared/ids.ts';

/**
 * Saved views of the customer list (issue 4 item 6): a named set of the list's query parameters, private or
 * shared with everyone. Only its creator deletes a view. A view is checked as the list would check it, so
 * opening a saved view never fails on bad input.
 */

type ViewRow = Awaited<ReturnType<typeof repo.listViews>>[number];

const present = (row: ViewRow, userId: string | null): SavedView => ({
  id: row.id,
  name: row.name,
  query: row.query as SavedView['query'],
  shared: row.shared,
  mine: row.user_id === userId,
  createdAt: row.created_at.toISOString(),
});

/** Lists the entity's views the actor may use (only `customers` has views so far). */
export async function listViews(deps: Deps, actor: Actor, entity: string) {
  if (!actor.userId) return { items: [], nextCursor: null };
  const rows = await repo.listViews(deps.db, entity, actor.userId);
  return { items: rows.map((row) => present(row, actor.userId)), nextCursor: null };
}

/** Why a saved list query would not be accepted by the customer list, each error naming `query.<param>`. */
async function queryProblems(deps: Deps, query: Record<string, string | string[]>): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  if (query.cursor !== undefined)
    errors.push({ field: 'query.cursor', message: 'is a page position; a view keeps filters and sort only' });
  const parsed = customerListQuery.safeParse(query);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys)
          errors.push({ field: `query.${key}`, message: 'is not a list parameter' });
      } else {
        errors.push({ field: ['query', ...issue.path.map(String)].join('.'), message: issue.message });
      }
    }
    return errors;
  }
  if (parsed.data.custom?.length) {
    const custom = parseCustomFilters(await fieldDefinitions(deps.db), parsed.data.custom, 'query.custom');
    errors.push(...custom.errors);
  }
  return errors;
}

export async function createView(
  deps: Deps,
  actor: Actor,
  entity: string,
  input: z.infer<typeof savedViewCreateInput>,
): Promise<SavedView> {
  if (!actor.userId) throw new AppError('auth.required', 'saved views belong to a signed-in staff member');
  const errors = await queryProblems(deps, input.query);
  if (errors.length)
    throw new AppError('request.invalid', errors.map((e) => `${e.field} ${e.message}`).join('; '), {
      errors,
    });
  const id = newId();
  const now = deps.clock.now();
  const userId = actor.userId;
  return deps.db.transaction().execute(async (tx) => {
    await repo.insertView(tx, {
      id,
      userId,
      entity,
      name: input.name,
      query: input.query,
      shared: input.shared ?? false,
      now,
    });
    const created = present((await repo.findView(tx, id))!, userId);
    await recordAudit(tx, actor, {
      at: now,
      action: 'create',
      entity: 'saved_view',
      entityId: id,
      after: created,
    });
    return created;
  });
}

/** Deletes one of the actor's own views; another user's shared view is visible but not the actor's to delete. */
export async function deleteView(deps: Deps, actor: Actor, id: string): Promise<void> {
  await deps.db.transaction().execute(async (tx) => {
    const view = await repo.findView(tx, id);
    if (!view || (view.user_id !== actor.userId && !view.shared)) throw notFound('saved_view.not_found', id);
    if (view.user_id !== actor.userId)
      throw new AppError('auth.forbidden', 'only the member who saved a view deletes it');
    await repo.deleteView(tx, id);
    await recordAudit(tx, actor, {
      at: deps.clock.now(),
      action: 'delete',
      entity: 'saved_view',
      entityId: id,
      before: present(view, actor.userId),
    });
  });
}
