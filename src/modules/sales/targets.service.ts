import { isUniqueViolation } from '#src/db/errors.ts';
import { parseSort, toPage } from '#src/db/paginate.ts';
import { recordAudit } from '#src/modules/audit/audit.service.ts';
import { readScope, writeScope, type CustomerScope } from '#src/modules/customers/customers.access.ts';
import { isPeriodStart, type PeriodKind } from '#src/modules/sales/forecast.periods.ts';
import * as repo from '#src/modules/sales/targets.repo.ts';
import {
  moneyMetrics,
  type Target,
  type TargetCreateInput,
  type TargetListQuery,
  type TargetMetric,
  type TargetUpdateInput,
} from '#src/modules/sales/targets.schema.ts';
import type { Actor, Db, Deps } from '#src/shared/context.ts';
import { AppError, invalid, notFound, versionConflict } from '#src/shared/errors.ts';
import { newId } from '#src/shared/ids.ts';
import { minorDigits, toMajorUnits, toMinorUnits } from '#src/shared/money.ts';

const sortColumns = { createdAt: { column: 'created_at', type: 'timestamptz' } } as const;

const isMoney = (metric: string) => moneyMetrics.includes(metric as TargetMetric);

/** A target's value in its unit: major units of money, or a count. */
const valueOf = (metric: string, minorOrCount: number, currency: string) =>
  isMoney(metric) ? toMajorUnits(minorOrCount, currency) : minorOrCount;

export function presentTarget(row: repo.TargetRow): Target {
  return {
    id: row.id,
    periodKind: row.period_kind as Target['periodKind'],
    periodStart: row.period_start,
    periodEnd: row.period_end,
    userId: row.user_id,
    teamId: row.team_id,
    assigneeName: row.assignee_name,
    metric: row.metric as TargetMetric,
    amount: valueOf(row.metric, row.amount, row.currency),
    currency: row.currency,
    actual: valueOf(row.metric, row.actual, row.currency),
    attainment: row.amount > 0 ? row.actual / row.amount : null,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The stored amount: minor units for money, a whole count otherwise. */
function storedAmount(metric: string, amount: string, currency: string): number {
  if (isMoney(metric)) {
    const decimals = /\.(\d+)$/.exec(amount)?.[1]?.length ?? 0;
    const minor = toMinorUnits(amount, currency);
    if (minor === null || decimals > minorDigits(currency))
      throw invalid('amount', `must fit ${currency}'s minor unit (${minorDigits(currency)} decimal places)`);
    return minor;
  }
  if (!/^\d+$/.test(amount)) throw invalid('amount', 'must be a whole number for this metric');
  return Number(amount);
}

/** Who a manager may set targets for: themselves, their team and its members. Admins anyone. */
async function requireAssignee(db: Db, scope: CustomerScope, input: TargetCreateInput) {
  if (input.userId) {
    const user = await repo.userExists(db, input.userId);
    const allowed =
      user &&
      (scope.kind === 'all' ||
        (scope.kind === 'team' &&
          (user.id === scope.userId || (scope.teamId !== null && user.team_id === scope.teamId))));
    if (!allowed) throw invalid('userId', 'is not a staff member you may set targets for');
  } else {
    const team = await repo.teamExists(db, input.teamId!);
    const allowed = team && (scope.kind === 'all' || (scope.kind === 'team' && team.id === scope.teamId));
    if (!allowed) throw invalid('teamId', 'is not a team you may set targets for');
  }
}

async function findTarget(deps: Deps, scope: CustomerScope, id: string, db: Db = deps.db) {
  const [row] = await repo.findTargets(db, scope, deps.config.timeZone, { ids: [id] });
  if (!row) throw notFound('target.not_found', id);
  return row;
}

export async function listTargets(deps: Deps, actor: Actor, query: TargetListQuery) {
  const keyset = parseSort(query.sort, sortColumns);
  const rows = await repo.findTargets(deps.db, readScope(actor), deps.config.timeZone, { query, keyset });
  return toPage(rows, query.limit, keyset, presentTarget);
}

export async function getTarget(deps: Deps, actor: Actor, id: string): Promise<Target> {
  return presentTarget(await findTarget(deps, readScope(actor), id));
}

/** Sets a target; the same person or team, period and metric twice is `target.exists`. */
export async function createTarget(deps: Deps, actor: Actor, input: TargetCreateInput): Promise<Target> {
  if (!isPeriodStart(input.periodStart, input.periodKind as PeriodKind))
    throw invalid('periodStart', `must be the first day of a ${input.periodKind}`);
  const currency = input.currency ?? deps.config.currency;
  const amount = storedAmount(input.metric, input.amount, currency);
  const id = newId();
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    await requireAssignee(tx, writeScope(actor), input);
    try {
      await repo.insertTarget(tx, {
        id,
        periodKind: input.periodKind,
        periodStart: input.periodStart,
        userId: input.userId ?? null,
        teamId: input.teamId ?? null,
        metric: input.metric,
        amount,
        currency,
        now,
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw new AppError('target.exists', 'a target for this assignee, period and metric is set already');
      throw error;
    }
    const created = presentTarget(await findTarget(deps, { kind: 'all' }, id, tx));
    await recordAudit(tx, actor, {
      at: now,
      action: 'create',
      entity: 'sales_target',
      entityId: id,
      after: created,
    });
    return created;
  });
}

export async function updateTarget(deps: Deps, actor: Actor, id: string, input: TargetUpdateInput) {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const current = await findTarget(deps, writeScope(actor), id, tx);
    if (current.version !== input.version) throw versionConflict('target', current.version);
    const amount = storedAmount(current.metric, input.amount, current.currency);
    if (!(await repo.updateTargetAmount(tx, id, input.version, amount, now)))
      throw versionConflict('target', current.version);
    const after = presentTarget(await findTarget(deps, { kind: 'all' }, id, tx));
    await recordAudit(tx, actor, {
      at: now,
      action: 'update',
      entity: 'sales_target',
      entityId: id,
      before: presentTarget(current),
      after,
    });
    return after;
  });
}

export async function deleteTarget(deps: Deps, actor: Actor, id: string, version?: number): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    const current = await findTarget(deps, writeScope(actor), id, tx);
    if (version !== undefined && version !== current.version)
      throw versionConflict('target', current.version);
    if (!(await repo.deleteTarget(tx, id, current.version))) throw versionConflict('target', current.version);
    await recordAudit(tx, actor, {
      at: now,
      action: 'delete',
      entity: 'sales_target',
      entityId: id,
      before: presentTarget(current),
    });
  });
}

/** The won-amount targets of the forecast's periods, for its rows (owner: personal targets, team: team targets). */
export const forecastTargets = (
  deps: Deps,
  actor: Actor,
  periodKind: string,
  periodStarts: string[],
  currency: string,
  groupBy: 'owner' | 'team',
) =>
  repo
    .findTargets(deps.db, readScope(actor), deps.config.timeZone, {
      periodStarts,
      currency,
      assignee: groupBy === 'owner' ? 'user' : 'team',
      query: { periodKind: periodKind as PeriodKind, metric: 'won_amount', limit: 200, sort: '-createdAt' },
    })
    .then((rows) => rows.map(presentTarget));
