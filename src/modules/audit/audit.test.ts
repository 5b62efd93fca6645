import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sql, type Selectable } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditLogTable } from '#src/db/schema.ts';
import type { AuditAction, AuditEntity, AuditEntry } from '#src/modules/audit/audit.schema.ts';
import type { ApiToken, Team, User } from '#src/modules/users/users.schema.ts';
import { openTestApp, type Session, type TestApp } from '#test/support/app.ts';
import { TestClock } from '#test/support/clock.ts';
import { buildTeam, buildUser, testPassword } from '#test/support/factories.ts';
import { expectProblem } from '#test/support/problem.ts';
import { registeredRoutes } from '#test/support/routes.ts';

/** DESIGN §3, §5: every write lands in audit_log, in the transaction that makes it, without secrets. */
let t: TestApp;
let admin: Session;
const clock = new TestClock('2026-03-01T04:05:06.789Z');
const secrets = new Set<string>();
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

beforeAll(async () => {
  t = await openTestApp({ clock });
  admin = await t.signedIn('admin');
  secrets.add(admin.token).add(admin.password);
});
afterAll(() => t?.close());

type Method = 'POST' | 'PATCH' | 'DELETE';
let requestCounter = 0;

/**
 * Sends a write from its own client address, every other one with a request id of our choosing (the rest get one
 * from the server), and returns the response, the request id it answered with, and the entries under that id.
 */
async function write(
  method: Method,
  url: string,
  options: { payload?: object; session?: Session; headers?: Record<string, string> } = {},
) {
  const chosenId = ++requestCounter % 2 === 0 ? `audit-test-${requestCounter}` : undefined;
  const remoteAddress = `198.51.100.${requestCounter % 250}`;
  const before = await countAudit();
  const response = await t.app.inject({
    method,
    url,
    remoteAddress,
    headers: {
      ...(chosenId && { 'x-request-id': chosenId }),
      ...(options.session ?? admin).bearer,
      ...options.headers,
    },
    ...(options.payload !== undefined && { payload: options.payload }),
  });
  const requestId = String(response.headers['x-request-id']);
  expect(requestId).toMatch(chosenId ? new RegExp(`^${chosenId}$`) : /^[0-9a-f-]{36}$/);
  const rows = await t.database.db
    .selectFrom('audit_log')
    .selectAll()
    .where('request_id', '=', requestId)
    .execute();
  // exactly the entries of this request, and no others written meanwhile
  expect(await countAudit()).toBe(before + rows.length);
  return { response, rows, requestId, remoteAddress };
}
const countAudit = async () =>
  Number(
    (
      await t.database.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

function expectEntry(
  rows: Selectable<AuditLogTable>[],
  expected: {
    actor: Pick<User, 'id' | 'email'>;
    action: string;
    entity: string;
    entityId: string;
    before?: unknown;
    after?: unknown;
    ip: string;
    requestId: string;
  },
) {
  expect(rows).toHaveLength(1);
  expect(rows[0]).toEqual({
    id: expect.any(String),
    at: clock.now(),
    actor_id: expected.actor.id,
    actor: expected.actor.email,
    action: expected.action,
    entity: expected.entity,
    entity_id: expected.entityId,
    before: expected.before ?? null,
    after: expected.after ?? null,
    ip: expected.ip,
    request_id: expected.requestId,
  });
}

const sessionIdOf = async (token: string) =>
  (
    await t.database.db
      .selectFrom('sessions')
      .select('id')
      .where('token_hash', '=', sha256(token))
      .executeTakeFirstOrThrow()
  ).id;
const userNow = async (id: string) =>
  (await t.app.inject({ url: `/api/v1/users/${id}`, headers: admin.bearer })).json<User>();

/** One case per write route: do the write, then check the one entry it must leave. */
const writeCases: Record<string, () => Promise<void>> = {
  'POST /api/v1/auth/login': async () => {
    const { user, password } = await buildUser(t.deps);
    const { response, rows, requestId, remoteAddress } = await write('POST', '/api/v1/auth/login', {
      payload: { email: user.email, password },
      headers: { authorization: '' },
    });
    expect(response.statusCode, response.body).toBe(200);
    const token = response.json<{ token: string }>().token;
    secrets.add(token).add(password);
    expectEntry(rows, {
      actor: user,
      action: 'login',
      entity: 'session',
      entityId: await sessionIdOf(token),
      after: { userId: user.id, ip: remoteAddress },
      ip: remoteAddress,
      requestId,
    });
  },
  'POST /api/v1/auth/logout': async () => {
    const session = await t.signedIn('viewer');
    secrets.add(session.token).add(session.password);
    const sessionId = await sessionIdOf(session.token);
    const { response, rows, requestId, remoteAddress } = await write('POST', '/api/v1/auth/logout', {
      session,
    });
    expect(response.statusCode).toBe(204);
    expectEntry(rows, {
      actor: session.user,
      action: 'logout',
      entity: 'session',
      entityId: sessionId,
      ip: remoteAddress,
      requestId,
    });
  },
  'POST /api/v1/auth/tokens': async () => {
    const { response, rows, requestId, remoteAddress } = await write('POST', '/api/v1/auth/tokens', {
      payload: { name: 'Audited token' },
    });
    expect(response.statusCode).toBe(201);
    const { token, apiToken } = response.json<{ token: string; apiToken: ApiToken }>();
    secrets.add(token);
    expectEntry(rows, {
      actor: admin.user,
      action: 'create',
      entity: 'api_token',
      entityId: apiToken.id,
      after: apiToken,
      ip: remoteAddress,
      requestId,
    });
  },
  'DELETE /api/v1/auth/tokens/:id': async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/tokens',
      headers: admin.bearer,
      payload: { name: 'To revoke' },
    });
    const { token, apiToken } = created.json<{ token: string; apiToken: ApiToken }>();
    secrets.add(token);
    const { response, rows, requestId, remoteAddress } = await write(
      'DELETE',
      `/api/v1/auth/tokens/${apiToken.id}`,
    );
    expect(response.statusCode).toBe(204);
    expectEntry(rows, {
      actor: admin.user,
      action: 'revoke',
      entity: 'api_token',
      entityId: apiToken.id,
      before: apiToken,
      after: { ...apiToken, revokedAt: clock.now().toISOString() },
      ip: remoteAddress,
      requestId,
    });
  },
  'PATCH /api/v1/me': async () => {
    const session = await t.signedIn('sales');
    const before = await userNow(session.user.id);
    const { response, rows, requestId, remoteAddress } = await write('PATCH', '/api/v1/me', {
      session,
      payload: { locale: 'en' },
    });
    expect(response.statusCode).toBe(200);
    expectEntry(rows, {
      actor: session.user,
      action: 'update',
      entity: 'user',
      entityId: session.user.id,
      before,
      after: response.json(),
      ip: remoteAddress,
      requestId,
    });
  },
  'POST /api/v1/me/password': async () => {
    const session = await t.signedIn('sales');
    const newPassword = testPassword();
    secrets.add(session.password).add(newPassword);
    const { response, rows, requestId, remoteAddress } = await write('POST', '/api/v1/me/password', {
      session,
      payload: { currentPassword: session.password, newPassword },
    });
    expect(response.statusCode).toBe(204);
    expectEntry(rows, {
      actor: session.user,
      action: 'change_password',
      entity: 'user',
      entityId: session.user.id,
      ip: remoteAddress,
      requestId,
    });
  },
  'POST /api/v1/users': async () => {
    const { response, rows, requestId, remoteAddress } = await write('POST', '/api/v1/users', {
      payload: { email: `audited.${requestCounter}@example.com`, name: 'Audited', role: 'service' },
    });
    expect(response.statusCode).toBe(201);
    const { user, password } = response.json<{ user: User; password: string }>();
    secrets.add(password);
    expectEntry(rows, {
      actor: admin.user,
      action: 'create',
      entity: 'user',
      entityId: user.id,
      after: user,
      ip: remoteAddress,
      requestId,
    });
  },
  'PATCH /api/v1/users/:id': async () => {
    const { user } = await buildUser(t.deps, { role: 'sales' });
    const team = await buildTeam(t.deps);
    const { response, rows, requestId, remoteAddress } = await write('PATCH', `/api/v1/users/${user.id}`, {
      payload: { version: user.version, role: 'manager', teamId: team.id },
    });
    expect(response.statusCode).toBe(200);
    expectEntry(rows, {
      actor: admin.user,
      action: 'update',
      entity: 'user',
      entityId: user.id,
      before: user,
      after: response.json(),
      ip: remoteAddress,
      requestId,
    });
  },
  'DELETE /api/v1/users/:id': async () => {
    const { user } = await buildUser(t.deps);
    const { response, rows, requestId, remoteAddress } = await write('DELETE', `/api/v1/users/${user.id}`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ active: false });
    expectEntry(rows, {
      actor: admin.user,
      action: 'deactivate',
      entity: 'user',
      entityId: user.id,
      before: user,
      after: response.json(),
      ip: remoteAddress,
      requestId,
    });
  },
  'POST /api/v1/users/:id/reset-password': async () => {
    const { user, password } = await buildUser(t.deps);
    secrets.add(password);
    const { response, rows, requestId, remoteAddress } = await write(
      'POST',
      `/api/v1/users/${user.id}/reset-password`,
      { payload: {} },
    );
    expect(response.statusCode).toBe(200);
    secrets.add(response.json<{ password: string }>().password);
    expectEntry(rows, {
      actor: admin.user,
      action: 'reset_password',
      entity: 'user',
      entityId: user.id,
      ip: remoteAddress,
      requestId,
    });
  },
  'POST /api/v1/teams': async () => {
    const { response, rows, requestId, remoteAddress } = await write('POST', '/api/v1/teams', {
      payload: { name: `Audited team ${requestCounter}` },
    });
    expect(response.statusCode).toBe(201);
    const team = response.json<Team>();
    expectEntry(rows, {
      actor: admin.user,
      action: 'create',
      entity: 'team',
      entityId: team.id,
      after: team,
      ip: remoteAddress,
      requestId,
    });
  },
  'PATCH /api/v1/teams/:id': async () => {
    const team = await buildTeam(t.deps);
    const { response, rows, requestId, remoteAddress } = await write('PATCH', `/api/v1/teams/${team.id}`, {
      payload: { version: 1, name: `${team.name} renamed` },
    });
    expect(response.statusCode).toBe(200);
    expectEntry(rows, {
      actor: admin.user,
      action: 'update',
      entity: 'team',
      entityId: team.id,
      before: team,
      after: response.json(),
      ip: remoteAddress,
      requestId,
    });
  },
  'DELETE /api/v1/teams/:id': async () => {
    const team = await buildTeam(t.deps);
    const { response, rows, requestId, remoteAddress } = await write('DELETE', `/api/v1/teams/${team.id}`);
    expect(response.statusCode).toBe(204);
    expectEntry(rows, {
      actor: admin.user,
      action: 'delete',
      entity: 'team',
      entityId: team.id,
      before: team,
      ip: remoteAddress,
      requestId,
    });
  },
};

/**
 * Write routes whose audit entries their own module's tests assert (they build the customers, orders and files
 * those writes need): the test file and the audit entry (record type and action) it checks. A new write route goes here or into
 * writeCases above.
 */
const auditedInModuleTests: Record<string, { file: string; entity: AuditEntity; action: AuditAction }> = {
  'DELETE /api/v1/customer-links/:id': {
    file: 'src/modules/customers/customers.links.test.ts',
    entity: 'customer_link',
    action: 'delete',
  },
  'DELETE /api/v1/customers/:id': {
    file: 'src/modules/customers/customers.test.ts',
    entity: 'customer',
    action: 'delete',
  },
  'DELETE /api/v1/interactions/:id': {
    file: 'src/modules/audit/audit.customer-data.test.ts',
    entity: 'interaction',
    action: 'delete',
  },
  'DELETE /api/v1/orders/:id': {
    file: 'src/modules/orders/orders.test.ts',
    entity: 'order',
    action: 'delete',
  },
  'DELETE /api/v1/products/:id': {
    file: 'src/modules/catalog/catalog.test.ts',
    entity: 'product',
    action: 'delete',
  },
  'DELETE /api/v1/saved-views/:id': {
    file: 'src/modules/audit/audit.customer-data.test.ts',
    entity: 'saved_view',
    action: 'delete',
  },
  'PATCH /api/v1/custom-fields/:id': {
    file: 'src/modules/customers/customers.custom-fields.test.ts',
    entity: 'custom_field',
    action: 'update',
  },
  'PATCH /api/v1/customer-links/:id': {
    file: 'src/modules/customers/customers.links.test.ts',
    entity: 'customer_link',
    action: 'update',
  },
  'PATCH /api/v1/customers/:id': {
    file: 'src/modules/customers/customers.test.ts',
    entity: 'customer',
    action: 'update',
  },
  'PATCH /api/v1/interactions/:id': {
    file: 'src/modules/audit/audit.customer-data.test.ts',
    entity: 'interaction',
    action: 'update',
  },
  'PATCH /api/v1/orders/:id': {
    file: 'src/modules/audit/audit.customer-data.test.ts',
    entity: 'order',
    action: 'update',
  },
  'PATCH /api/v1/products/:id': {
    file: 'src/modules/catalog/catalog.test.ts',
    entity: 'product',
    action: 'update',
  },
  'POST /api/v1/custom-fields': {
    file: 'src/modules/customers/customers.custom-fields.test.ts',
    entity: 'custom_field',
    action: 'create',
  },
  'POST /api/v1/customer-links': {
    file: 'src/modules/customers/customers.links.test.ts',
    entity: 'customer_link',
    action: 'create',
  },
  'POST /api/v1/customers': {
    file: 'src/modules/customers/customers.test.ts',
    entity: 'customer',
    action: 'create',
  },
  'POST /api/v1/customers/:id/erase': {
    file: 'src/modules/customers/customers.erase.test.ts',
    entity: 'customer',
    action: 'erase',
  },
  'POST /api/v1/customers/:id/restore': {
    file: 'src/modules/customers/customers.test.ts',
    entity: 'customer',
    action: 'restore',
  },
  'POST /api/v1/customers/duplicates/:id/dismiss': {
    file: 'src/modules/audit/audit.customer-data.test.ts',
    entity: 'duplicate_candidate',
    action: 'dismiss',
  },
  'POST /api/v1/customers/duplicates/scan': {
    file: 'src/modules/customers/duplicates.test.ts',
    entity: 'duplicate_candidate',
    action: 'scan',
  },
  'POST /api/v1/customers/merge': {
    file: 'src/modules/customers/merge.test.ts',
    entity: 'customer',
    action: 'merge',
  },
  'POST /api/v1/customers/transfer': {
    file: 'src/modules/audit/audit.customer-data.test.ts',
    entity: 'customer',
    action: 'transfer',
  },
  'POST /api/v1/imports': {
    file: 'src/modules/audit/audit.customer-data.test.ts',
    entity: 'import',
    action: 'upload',
  },
  'POST /api/v1/imports/:id/run': {
    file: 'src/modules/imports/imports.customers.test.ts',
    entity: 'import',
    action: 'run',
  },
  'POST /api/v1/interactions': {
    file: 'src/modules/interactions/interactions.test.ts',
    entity: 'interaction',
    action: 'create',
  },
  'POST /api/v1/orders': { file: 'src/modules/orders/orders.test.ts', entity: 'order', action: 'create' },
  'POST /api/v1/products': {
    file: 'src/modules/catalog/catalog.test.ts',
    entity: 'product',
    action: 'create',
  },
  'POST /api/v1/saved-views': {
    file: 'src/modules/audit/audit.customer-data.test.ts',
    entity: 'saved_view',
    action: 'create',
  },
  'POST /api/v1/analytics/rfm/snapshots': {
    file: 'src/modules/analytics/analytics.routes.test.ts',
    entity: 'rfm_snapshot',
    action: 'create',
  },
  'POST /api/v1/analytics/scores': {
    file: 'src/modules/analytics/scores.test.ts',
    entity: 'score_run',
    action: 'run',
  },
  'DELETE /api/v1/analytics/rfm/snapshots/:id': {
    file: 'src/modules/analytics/analytics.routes.test.ts',
    entity: 'rfm_snapshot',
    action: 'delete',
  },
  // quotes (issue 6)
  'POST /api/v1/quotes': { file: 'src/modules/sales/quotes.test.ts', entity: 'quote', action: 'create' },
  'PATCH /api/v1/quotes/:id': { file: 'src/modules/sales/quotes.test.ts', entity: 'quote', action: 'update' },
  'DELETE /api/v1/quotes/:id': {
    file: 'src/modules/sales/quotes.test.ts',
    entity: 'quote',
    action: 'delete',
  },
  'POST /api/v1/quotes/:id/send': {
    file: 'src/modules/sales/quotes.test.ts',
    entity: 'quote',
    action: 'send',
  },
  'POST /api/v1/quotes/:id/revise': {
    file: 'src/modules/sales/quotes.test.ts',
    entity: 'quote',
    action: 'revise',
  },
  'POST /api/v1/quotes/:id/accept': {
    file: 'src/modules/sales/quotes.test.ts',
    entity: 'quote',
    action: 'accept',
  },
  'POST /api/v1/quotes/:id/reject': {
    file: 'src/modules/sales/quotes.test.ts',
    entity: 'quote',
    action: 'reject',
  },
  'POST /api/v1/opportunities': {
    file: 'src/modules/sales/opportunities.test.ts',
    entity: 'opportunity',
    action: 'create',
  },
  'PATCH /api/v1/opportunities/:id': {
    file: 'src/modules/sales/opportunities.test.ts',
    entity: 'opportunity',
    action: 'update',
  },
  'DELETE /api/v1/opportunities/:id': {
    file: 'src/modules/sales/opportunities.test.ts',
    entity: 'opportunity',
    action: 'delete',
  },
  'POST /api/v1/opportunities/:id/move': {
    file: 'src/modules/sales/opportunities.test.ts',
    entity: 'opportunity',
    action: 'move',
  },
  'POST /api/v1/opportunities/:id/win': {
    file: 'src/modules/sales/opportunities.test.ts',
    entity: 'opportunity',
    action: 'win',
  },
  'POST /api/v1/opportunities/:id/lose': {
    file: 'src/modules/sales/opportunities.test.ts',
    entity: 'opportunity',
    action: 'lose',
  },
  'POST /api/v1/opportunities/:id/reopen': {
    file: 'src/modules/sales/opportunities.test.ts',
    entity: 'opportunity',
    action: 'reopen',
  },
  'POST /api/v1/pipelines': {
    file: 'src/modules/sales/pipelines.test.ts',
    entity: 'pipeline',
    action: 'create',
  },
  'PATCH /api/v1/pipelines/:id': {
    file: 'src/modules/sales/pipelines.test.ts',
    entity: 'pipeline',
    action: 'update',
  },
  'DELETE /api/v1/pipelines/:id': {
    file: 'src/modules/sales/pipelines.test.ts',
    entity: 'pipeline',
    action: 'delete',
  },
  'POST /api/v1/pipelines/:id/stages/order': {
    file: 'src/modules/sales/pipelines.test.ts',
    entity: 'pipeline',
    action: 'update',
  },
  'POST /api/v1/pipelines/:id/stages': {
    file: 'src/modules/sales/pipelines.test.ts',
    entity: 'pipeline_stage',
    action: 'create',
  },
  'PATCH /api/v1/pipelines/:id/stages/:stageId': {
    file: 'src/modules/sales/pipelines.test.ts',
    entity: 'pipeline_stage',
    action: 'update',
  },
  'DELETE /api/v1/pipelines/:id/stages/:stageId': {
    file: 'src/modules/sales/pipelines.test.ts',
    entity: 'pipeline_stage',
    action: 'delete',
  },
  'POST /api/v1/tasks': {
    file: 'src/modules/tasks/tasks.test.ts',
    entity: 'task',
    action: 'create',
  },
  'PATCH /api/v1/tasks/:id': {
    file: 'src/modules/tasks/tasks.test.ts',
    entity: 'task',
    action: 'update',
  },
  'DELETE /api/v1/tasks/:id': {
    file: 'src/modules/tasks/tasks.test.ts',
    entity: 'task',
    action: 'delete',
  },
  'POST /api/v1/tasks/:id/complete': {
    file: 'src/modules/tasks/tasks.test.ts',
    entity: 'task',
    action: 'complete',
  },
  'POST /api/v1/tasks/:id/reopen': {
    file: 'src/modules/tasks/tasks.test.ts',
    entity: 'task',
    action: 'reopen',
  },
  'POST /api/v1/follow-up-rules': {
    file: 'src/modules/tasks/follow-ups.test.ts',
    entity: 'follow_up_rule',
    action: 'create',
  },
  'PATCH /api/v1/follow-up-rules/:id': {
    file: 'src/modules/tasks/follow-ups.test.ts',
    entity: 'follow_up_rule',
    action: 'update',
  },
  'DELETE /api/v1/follow-up-rules/:id': {
    file: 'src/modules/tasks/follow-ups.test.ts',
    entity: 'follow_up_rule',
    action: 'delete',
  },
  'POST /api/v1/notifications/:id/read': {
    file: 'src/modules/tasks/reminders.test.ts',
    entity: 'notification',
    action: 'update',
  },
  'POST /api/v1/notifications/read-all': {
    file: 'src/modules/tasks/reminders.test.ts',
    entity: 'notification',
    action: 'update',
  },
  'POST /api/v1/mail-outbox/:id/retry': {
    file: 'src/modules/notifications/mail.test.ts',
    entity: 'mail',
    action: 'send',
  },
  // leads (issue 6)
  'POST /api/v1/leads': {
    file: 'src/modules/sales/leads.test.ts',
    entity: 'lead',
    action: 'create',
  },
  'PATCH /api/v1/leads/:id': {
    file: 'src/modules/sales/leads.test.ts',
    entity: 'lead',
    action: 'update',
  },
  'DELETE /api/v1/leads/:id': {
    file: 'src/modules/sales/leads.test.ts',
    entity: 'lead',
    action: 'delete',
  },
  'POST /api/v1/leads/:id/convert': {
    file: 'src/modules/sales/lead-convert.test.ts',
    entity: 'lead',
    action: 'convert',
  },
  'POST /api/v1/lead-assignment-rules': {
    file: 'src/modules/sales/lead-rules.test.ts',
    entity: 'assignment_rule',
    action: 'create',
  },
  'PATCH /api/v1/lead-assignment-rules/:id': {
    file: 'src/modules/sales/lead-rules.test.ts',
    entity: 'assignment_rule',
    action: 'update',
  },
  'DELETE /api/v1/lead-assignment-rules/:id': {
    file: 'src/modules/sales/lead-rules.test.ts',
    entity: 'assignment_rule',
    action: 'delete',
  },
  'POST /api/v1/lead-score-rules': {
    file: 'src/modules/sales/lead-rules.test.ts',
    entity: 'score_rule',
    action: 'create',
  },
  'PATCH /api/v1/lead-score-rules/:id': {
    file: 'src/modules/sales/lead-rules.test.ts',
    entity: 'score_rule',
    action: 'update',
  },
  'DELETE /api/v1/lead-score-rules/:id': {
    file: 'src/modules/sales/lead-rules.test.ts',
    entity: 'score_rule',
    action: 'delete',
  },
  'POST /api/v1/lead-forms': {
    file: 'src/modules/sales/lead-forms.test.ts',
    entity: 'lead_form',
    action: 'create',
  },
  'PATCH /api/v1/lead-forms/:id': {
    file: 'src/modules/sales/lead-forms.test.ts',
    entity: 'lead_form',
    action: 'update',
  },
  'DELETE /api/v1/lead-forms/:id': {
    file: 'src/modules/sales/lead-forms.test.ts',
    entity: 'lead_form',
    action: 'delete',
  },
  'POST /api/public/lead-forms/:slug': {
    file: 'src/modules/sales/lead-forms.test.ts',
    entity: 'lead',
    action: 'submit',
  },
  'POST /api/v1/sales-targets': {
    file: 'src/modules/sales/targets.test.ts',
    entity: 'sales_target',
    action: 'create',
  },
  'PATCH /api/v1/sales-targets/:id': {
    file: 'src/modules/sales/targets.test.ts',
    entity: 'sales_target',
    action: 'update',
  },
  'DELETE /api/v1/sales-targets/:id': {
    file: 'src/modules/sales/targets.test.ts',
    entity: 'sales_target',
    action: 'delete',
  },
  'POST /api/v1/account-plans': {
    file: 'src/modules/sales/account-plans.test.ts',
    entity: 'account_plan',
    action: 'create',
  },
  'PATCH /api/v1/account-plans/:id': {
    file: 'src/modules/sales/account-plans.test.ts',
    entity: 'account_plan',
    action: 'update',
  },
  'DELETE /api/v1/account-plans/:id': {
    file: 'src/modules/sales/account-plans.test.ts',
    entity: 'account_plan',
    action: 'delete',
  },
  'POST /api/v1/account-plans/:id/contacts': {
    file: 'src/modules/sales/account-plans.test.ts',
    entity: 'account_plan_contact',
    action: 'create',
  },
  'PATCH /api/v1/account-plans/:id/contacts/:contactId': {
    file: 'src/modules/sales/account-plans.test.ts',
    entity: 'account_plan_contact',
    action: 'update',
  },
  'DELETE /api/v1/account-plans/:id/contacts/:contactId': {
    file: 'src/modules/sales/account-plans.test.ts',
    entity: 'account_plan_contact',
    action: 'delete',
  },
};

describe('every write route', () => {
  it('has a case below or a module test that checks its audit entry (a new route must add one)', () => {
    const writes = registeredRoutes(t.app)
      .filter((r) => ['POST', 'PATCH', 'DELETE', 'PUT'].includes(r.method))
      .map((r) => `${r.method} ${r.url}`)
      .sort();
    expect(writes).toEqual([...Object.keys(writeCases), ...Object.keys(auditedInModuleTests)].sort());
  });

  it.each(Object.entries(auditedInModuleTests))(
    '%s is checked by its module test, which asserts its audit entry',
    (_route, { file, entity, action }) => {
      const source = readFileSync(new URL(`../../../${file}`, import.meta.url), 'utf8');
      expect(source).toMatch(/\baudit/);
      // the record type, as a string or as the audit list's filter
      expect(source).toMatch(new RegExp(`'${entity}'|entity=${entity}\\b`));
      expect(source).toContain(`'${action}'`);
    },
  );

  it.each(Object.keys(writeCases))(
    '%s leaves exactly its audit entry: who, what, before/after, ip and request id',
    async (route) => {
      await writeCases[route]!();
    },
  );
});

describe('a write that fails', () => {
  it('after a refusal (409, 404, 400) leaves no audit entry', async () => {
    const team = await buildTeam(t.deps, { name: 'Refusals' });
    for (const [method, url, payload] of [
      ['POST', '/api/v1/teams', { name: 'refusals' }],
      ['PATCH', `/api/v1/teams/${team.id}`, { version: 99, name: 'x' }],
      ['DELETE', '/api/v1/teams/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', undefined],
      ['POST', '/api/v1/users', { email: 'bad', name: 'x', role: 'sales' }],
    ] as const) {
      const { response, rows } = await write(method, url, payload ? { payload } : {});
      expect(response.statusCode).toBeGreaterThanOrEqual(400);
      expect(rows).toEqual([]);
    }
  });

  it('at commit, after its audit insert, leaves neither the change nor the entry', async () => {
    await sql`
      create function test_refuse_doomed() returns trigger language plpgsql as $$
      begin
        if new.after->>'name' = 'Doomed at commit' then
          raise exception 'provoked failure after the audit insert';
        end if;
        return new;
      end $$;
      create constraint trigger test_refuse_doomed_at_commit after insert on audit_log
        deferrable initially deferred for each row execute function test_refuse_doomed();
    `.execute(t.database.db);
    try {
      const { response, rows } = await write('POST', '/api/v1/teams', {
        payload: { name: 'Doomed at commit' },
      });
      expectProblem(response, 500, 'server.internal');
      expect(response.body).not.toContain('provoked failure');
      expect(rows).toEqual([]);
      const teams = await t.database.db
        .selectFrom('teams')
        .select('id')
        .where('name', '=', 'Doomed at commit')
        .execute();
      expect(teams).toEqual([]);
      // the same write without the provoked failure goes through with its entry
      const ok = await write('POST', '/api/v1/teams', { payload: { name: 'Not doomed' } });
      expect(ok.response.statusCode).toBe(201);
      expect(ok.rows).toHaveLength(1);
    } finally {
      await sql`drop trigger test_refuse_doomed_at_commit on audit_log; drop function test_refuse_doomed();`.execute(
        t.database.db,
      );
    }
  });

  it('in its audit insert leaves the record unchanged', async () => {
    await sql`
      create function test_refuse_audit() returns trigger language plpgsql as $$
      begin
        if new.after->>'name' = 'Refused by audit' then
          raise exception 'provoked failure in the audit insert';
        end if;
        return new;
      end $$;
      create trigger test_refuse_audit before insert on audit_log for each row execute function test_refuse_audit();
    `.execute(t.database.db);
    try {
      const { user } = await buildUser(t.deps, { name: 'Unchanged' });
      const { response, rows } = await write('PATCH', `/api/v1/users/${user.id}`, {
        payload: { version: user.version, name: 'Refused by audit', role: 'viewer' },
      });
      expectProblem(response, 500, 'server.internal');
      expect(rows).toEqual([]);
      expect(await userNow(user.id)).toEqual(user);
    } finally {
      await sql`drop trigger test_refuse_audit on audit_log; drop function test_refuse_audit();`.execute(
        t.database.db,
      );
    }
  });
});

describe('the audit log', () => {
  it('never holds a password, a password hash, a token or a token hash, after every kind of write', async () => {
    for (const writeCase of Object.values(writeCases)) await writeCase();
    expect(await countAudit()).toBeGreaterThan(15);
    const hashes = [
      ...(await t.database.db.selectFrom('users').select('password_hash as h').execute()),
      ...(await t.database.db.selectFrom('sessions').select('token_hash as h').execute()),
      ...(await t.database.db.selectFrom('api_tokens').select('token_hash as h').execute()),
    ].map((r) => r.h);
    expect(secrets.size).toBeGreaterThan(10);
    const stored = JSON.stringify(await t.database.db.selectFrom('audit_log').selectAll().execute());
    const served = (await t.app.inject({ url: '/api/v1/audit?limit=200', headers: admin.bearer })).body;
    for (const text of [stored, served]) {
      expect(text).not.toMatch(/\$argon2/);
      expect(text).not.toMatch(/gx[st]_[\w-]{20,}/);
      expect(text).not.toMatch(/password_?hash|token_?hash|"password"\s*:/i);
      for (const secret of [...secrets, ...hashes])
        expect(text.includes(secret), 'a secret in the audit log').toBe(false);
    }
  });
});

describe('GET /api/v1/audit', () => {
  let log: TestApp;
  let first: Session;
  let second: Session;
  const at = {
    lastMomentOfMarch1: '2026-03-01T15:59:59.999Z', // 23:59:59.999 in Asia/Shanghai
    firstMomentOfMarch2: '2026-03-01T16:00:00.000Z',
    lastMomentOfMarch2: '2026-03-02T15:59:59.999Z',
    firstMomentOfMarch3: '2026-03-02T16:00:00.000Z',
  };
  const teams: Record<string, Team> = {};
  const auditClock = new TestClock('2026-02-27T00:00:00Z');

  beforeAll(async () => {
    log = await openTestApp({ clock: auditClock });
    first = await log.signedIn('admin');
    second = await log.signedIn('admin');
    for (const [name, when] of Object.entries(at)) {
      auditClock.set(when);
      const response = await log.app.inject({
        method: 'POST',
        url: '/api/v1/teams',
        headers: second.bearer,
        payload: { name },
      });
      teams[name] = response.json<Team>();
    }
    auditClock.set('2026-03-05T00:00:00Z');
    const renamed = await log.app.inject({
      method: 'PATCH',
      url: `/api/v1/teams/${teams.lastMomentOfMarch2!.id}`,
      headers: first.bearer,
      payload: { version: 1, name: 'renamed' },
    });
    expect(renamed.statusCode).toBe(200);
    for (let i = 0; i < 23; i++)
      await log.app.inject({
        method: 'POST',
        url: '/api/v1/teams',
        headers: first.bearer,
        payload: { name: `bulk ${i}` },
      });
  });
  afterAll(() => log?.close());

  const audit = async (query: string) => {
    const response = await log.app.inject({ url: `/api/v1/audit?${query}`, headers: first.bearer });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ items: AuditEntry[]; nextCursor: string | null }>();
  };
  const teamNames = (items: AuditEntry[]) =>
    items.map((i) => (i.after as { name: string } | null)?.name ?? (i.before as { name: string }).name);

  it('takes bare dates as whole days in the business time zone (GUANXI_TZ)', async () => {
    const march2 = await audit('entity=team&from=2026-03-02&to=2026-03-02');
    expect(teamNames(march2.items)).toEqual(['lastMomentOfMarch2', 'firstMomentOfMarch2']);
    expect(teamNames((await audit('entity=team&to=2026-03-01')).items)).toEqual(['lastMomentOfMarch1']);
    expect(teamNames((await audit('entity=team&action=create&from=2026-03-03&to=2026-03-03')).items)).toEqual(
      ['firstMomentOfMarch3'],
    );
  });

  it('takes date-times as instants, `to` included', async () => {
    const items = (await audit(`entity=team&from=${at.firstMomentOfMarch2}&to=${at.lastMomentOfMarch2}`))
      .items;
    expect(teamNames(items)).toEqual(['lastMomentOfMarch2', 'firstMomentOfMarch2']);
    const withOffset = (
      await audit(
        `entity=team&from=${encodeURIComponent('2026-03-02T00:00:00+08:00')}&to=${encodeURIComponent('2026-03-02T23:59:59.999+08:00')}`,
      )
    ).items;
    expect(teamNames(withOffset)).toEqual(['lastMomentOfMarch2', 'firstMomentOfMarch2']);
  });

  it('filters by entity, entity id, action and user', async () => {
    const target = teams.lastMomentOfMarch2!;
    const byEntityId = (await audit(`entity=team&entityId=${target.id}`)).items;
    expect(byEntityId.map((i) => i.action)).toEqual(['update', 'create']);
    expect((await audit(`entityId=${target.id}&action=update`)).items).toEqual([
      expect.objectContaining({ actorId: first.user.id, entityId: target.id }),
    ]);
    const bySecond = (await audit(`userId=${second.user.id}&limit=200`)).items;
    expect(bySecond.map((i) => `${i.action} ${i.entity}`).sort()).toEqual([
      'create team',
      'create team',
      'create team',
      'create team',
      'login session',
    ]);
    expect((await audit('entity=session&limit=200')).items.every((i) => i.entity === 'session')).toBe(true);
    expect((await audit('entity=nothing')).items).toEqual([]);
    const malformed = await log.app.inject({ url: '/api/v1/audit?from=01/03/2026', headers: first.bearer });
    expectProblem(malformed, 400, 'request.invalid');
  });

  it('pages newest first, with no gaps or repeats even among entries of the same instant', async () => {
    const all = (await audit('limit=200')).items;
    expect(all.length).toBeGreaterThan(25);
    const sorted = [...all].sort((a, b) => (a.at === b.at ? (a.id < b.id ? 1 : -1) : a.at < b.at ? 1 : -1));
    expect(all.map((i) => i.id)).toEqual(sorted.map((i) => i.id));
    const paged: AuditEntry[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: AuditEntry[]; nextCursor: string | null } = await audit(
        `limit=4${cursor ? `&cursor=${cursor}` : ''}`,
      );
      paged.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged.map((i) => i.id)).toEqual(all.map((i) => i.id));
  });
});
