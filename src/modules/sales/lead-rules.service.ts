import { recordAudit } from '#src/modules/audit/audit.service.ts';
import type { Actor, Db, Deps } from '#src/shared/context.ts';
import { invalid, notFound, versionConflict } from '#src/shared/errors.ts';
import { newId } from '#src/shared/ids.ts';
import * as repo from '#src/modules/sales/lead-rules.repo.ts';
import type {
  AssignmentKind,
  AssignmentRule,
  AssignmentRuleCreateInput,
  AssignmentRuleUpdateInput,
} from '#src/modules/sales/lead-rules.schema.ts';

/**
 * Lead assignment rules (issue 6 item 1), configured by managers and admins (`sales.configure`); every change is
 * audited. Scoring rules are in lead-rules.scoring.ts.
 */

const presentAssignmentRule = (row: repo.AssignmentRuleRow): AssignmentRule => ({
  id: row.id,
  name: row.name,
  position: row.position,
  kind: row.kind as AssignmentKind,
  provinces: row.provinces,
  cities: row.cities,
  sources: row.sources,
  assigneeIds: row.assignee_ids,
  nextIndex: row.next_index,
  active: row.active,
  version: row.version,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

/** Assignees must be active staff who may work leads; a rule handing leads to nobody would lose them. */
async function checkAssignees(db: Db, ids: string[]): Promise<void> {
  const unique = [...new Set(ids)];
  if (unique.length !== ids.length) throw invalid('assigneeIds', 'names a person twice');
  const found = await db
    .selectFrom('users')
    .select(['id', 'role'])
    .where('id', 'in', unique)
    .where('active', '=', true)
    .execute();
  const ok = new Set(found.filter((u) => ['admin', 'manager', 'sales'].includes(u.role)).map((u) => u.id));
  const index = ids.findIndex((id) => !ok.has(id));
  if (index >= 0) throw invalid(`assigneeIds.${index}`, 'is not an active admin, manager or sales person');
}

export async function listAssignmentRules(deps: Deps): Promise<{ items: AssignmentRule[] }> {
  return { items: (await repo.listAssignmentRules(deps.db)).map(presentAssignmentRule) };
}

export async function createAssignmentRule(
  deps: Deps,
  actor: Actor,
  input: AssignmentRuleCreateInput,
): Promise<AssignmentRule> {
  const now = deps.clock.now();
  const id = newId();
  return deps.db.transaction().execute(async (tx) => {
    await checkAssignees(tx, input.assigneeIds);
    await repo.insertAssignmentRule(tx, {
      id,
      name: input.name,
      position: input.position ?? 0,
      kind: input.kind,
      provinces: input.provinces ?? [],
      cities: input.cities ?? [],
      sources: input.sources ?? [],
      assignee_ids: input.assigneeIds,
      active: input.active ?? true,
      created_at: now,
      updated_at: now,
    });
    const created = presentAssignmentRule((await repo.findAssignmentRule(tx, id))!);
    await recordAudit(tx, actor, {
      at: now,
      action: 'create',
      entity: 'assignment_rule',
      entityId: id,
      after: created,
    });
    return created;
  });
}

export async function updateAssignmentRule(
  deps: Deps,
  actor: Actor,
  id: string,
  input: AssignmentRuleUpdateInput,
): Promise<AssignmentRule> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const current = await repo.findAssignmentRule(tx, id);
    if (!current) throw notFound('assignment_rule.not_found', id);
    if (current.version !== input.version) throw versionConflict('assignment rule', current.version);
    const before = presentAssignmentRule(current);
    const next = {
      ...before,
      ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)),
    };
    if (next.kind === 'region' && !next.provinces.length && !next.cities.length)
      throw invalid('kind', 'names the provinces, cities or sources the rule matches');
    if (next.kind === 'source' && !next.sources.length)
      throw invalid('kind', 'names the provinces, cities or sources the rule matches');
    if (input.assigneeIds) await checkAssignees(tx, input.assigneeIds);
    const assigneesChanged = input.assigneeIds !== undefined;
    const ok = await repo.updateAssignmentRule(
      tx,
      id,
      input.version,
      {
        name: next.name,
        position: next.position,
        kind: next.kind,
        provinces: next.provinces,
        cities: next.cities,
        sources: next.sources,
        assignee_ids: next.assigneeIds,
        // a new list of people starts its turns from the first
        ...(assigneesChanged && { next_index: 0 }),
        active: next.active,
      },
      now,
    );
    if (!ok) throw versionConflict('assignment rule', current.version);
    const after = presentAssignmentRule((await repo.findAssignmentRule(tx, id))!);
    await recordAudit(tx, actor, {
      at: now,
      action: 'update',
      entity: 'assignment_rule',
      entityId: id,
      before,
      after,
    });
    return after;
  });
}

export async function deleteAssignmentRule(
  deps: Deps,
  actor: Actor,
  id: string,
  version?: number,
): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    const current = await repo.findAssignmentRule(tx, id);
    if (!current) throw notFound('assignment_rule.not_found', id);
    if (version !== undefined && version !== current.version)
      throw versionConflict('assignment rule', current.version);
    if (!(await repo.deleteAssignmentRule(tx, id, current.version)))
      throw versionConflict('assignment rule', current.version);
    await recordAudit(tx, actor, {
      at: now,
      action: 'delete',
      entity: 'assignment_rule',
      entityId: id,
      before: presentAssignmentRule(current),
    });
  });
}

/** Province and city names as people write them: 广东省 and 广东, 深圳市 and 深圳 are one place. */
const place = (name: string | null | undefined) =>
  (name ?? '')
    .trim()
    .toLowerCase()
    .replace(/(省|市|自治区|特别行政区)$/u, '');

function matches(rule: repo.AssignmentRuleRow, lead: LeadFacts): boolean {
  switch (rule.kind as AssignmentKind) {
    case 'round_robin':
      return true;
    case 'region':
      return (
        (place(lead.province) !== '' && rule.provinces.some((p) => place(p) === place(lead.province))) ||
        (place(lead.city) !== '' && rule.cities.some((c) => place(c) === place(lead.city)))
      );
    case 'source':
      return rule.sources.some((s) => s.trim().toLowerCase() === lead.source.trim().toLowerCase());
  }
}

/** What assignment looks at on a new lead. */
export interface LeadFacts {
  source: string;
  province: string | null;
  city: string | null;
}

export interface Assignment {
  ruleId: string;
  ruleName: string;
  ownerId: string;
  teamId: string | null;
}

/**
 * The owner of a new lead by the first active rule that matches it: the rule's next assignee in turn, the turn
 * advanced in the caller's transaction (row-locked, so concurrent leads never share a turn). An assignee who has
 * left (inactive) is passed over. Null when no rule matches.
 */
export async function assignLead(tx: Db, lead: LeadFacts): Promise<Assignment | null> {
  const rules = await repo.listAssignmentRules(tx, true);
  const rule = rules.find((r) => matches(r, lead));
  if (!rule) return null;
  for (let tries = 0; tries < rule.assignee_ids.length; tries += 1) {
    const ownerId = await repo.takeTurn(tx, rule.id);
    if (!ownerId) return null;
    const owner = await tx
      .selectFrom('users')
      .select(['id', 'team_id'])
      .where('id', '=', ownerId)
      .where('active', '=', true)
      .executeTakeFirst();
    if (owner) return { ruleId: rule.id, ruleName: rule.name, ownerId: owner.id, teamId: owner.team_id };
  }
  return null;
}
