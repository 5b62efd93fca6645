import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LeadForm, PublicLeadForm } from '#src/modules/sales/lead-forms.schema.ts';
import { openTestApp, nextClientAddress, type Session, type TestApp } from '#test/support/app.ts';
import { TestClock } from '#test/support/clock.ts';
import { expectProblem } from '#test/support/problem.ts';

/** Public lead forms: configured by managers, submitted by anyone, guarded against spam, audited as submit. */
let t: TestApp;
let admin: Session;
let manager: Session;
let sales: Session;
let ann: Session;
const clock = new TestClock('2026-12-01T02:00:00Z');

beforeAll(async () => {
  t = await openTestApp({ clock });
  admin = await t.signedIn('admin');
  manager = await t.signedIn('manager');
  sales = await t.signedIn('sales');
  ann = await t.signedIn('sales');
});
afterAll(() => t?.close());

const api = (
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: unknown,
  session: Session | null = admin,
  remoteAddress?: string,
) =>
  t.app.inject({
    method,
    url,
    ...(session && { headers: session.bearer }),
    ...(payload !== undefined && { payload: payload as object }),
    ...(remoteAddress && { remoteAddress }),
  });

const fields = [
  { key: 'name', required: true },
  { key: 'company', required: false },
  { key: 'email', required: true },
  { key: 'phone', required: false },
  { key: 'budget', required: false, label: '预算', type: 'number' },
];

async function createForm(slug: string, extra: Record<string, unknown> = {}): Promise<LeadForm> {
  const response = await api(
    'POST',
    '/api/v1/lead-forms',
    { slug, name: `Form ${slug}`, fields, source: 'expo_2026', thankYou: '谢谢！', ...extra },
    manager,
  );
  expect(response.statusCode, response.body).toBe(201);
  return response.json<LeadForm>();
}

/** The form as a visitor's browser loads it (no login). */
async function render(slug: string, address: string): Promise<PublicLeadForm> {
  const response = await api('GET', `/api/public/lead-forms/${slug}`, undefined, null, address);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<PublicLeadForm>();
}

const submit = (slug: string, body: Record<string, unknown>, address: string) =>
  api('POST', `/api/public/lead-forms/${slug}`, body, null, address);

const leadsOfForm = (formId: string) =>
  t.database.db
    .selectFrom('leads')
    .select(['id', 'name', 'email', 'source', 'form_id', 'submitted_ip', 'facts', 'owner_id'])
    .where('form_id', '=', formId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();

describe('configuring forms', () => {
  it('needs sales.configure; slugs are unique; changes are audited', async () => {
    expectProblem(await api('GET', '/api/v1/lead-forms', undefined, null), 401, 'auth.required');
    expectProblem(await api('GET', '/api/v1/lead-forms', undefined, sales), 403, 'auth.forbidden');
    const form = await createForm('spring-expo');
    expect(form).toMatchObject({ slug: 'spring-expo', source: 'expo_2026', active: true });
    expect(form).not.toHaveProperty('tokenSecret');
    const taken = await api(
      'POST',
      '/api/v1/lead-forms',
      { slug: 'spring-expo', name: 'Again', fields },
      manager,
    );
    expectProblem(taken, 409, 'lead_form.slug_taken');
    const noName = await api(
      'POST',
      '/api/v1/lead-forms',
      { slug: 'no-name', name: 'No name', fields: [{ key: 'email', required: true }] },
      manager,
    );
    expectProblem(noName, 400, 'request.invalid');
    const changed = await api(
      'PATCH',
      `/api/v1/lead-forms/${form.id}`,
      { version: 1, name: '春季展会' },
      manager,
    );
    expect(changed.json<LeadForm>()).toMatchObject({ name: '春季展会', version: 2 });
    const gone = await createForm('to-delete');
    expect((await api('DELETE', `/api/v1/lead-forms/${gone.id}`, undefined, manager)).statusCode).toBe(204);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['entity', 'action'])
      .where('entity', '=', 'lead_form')
      .orderBy('at')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'create', 'delete']);
  });
});

describe('a public form', () => {
  it('turns a submission into a lead with the form’s source, assigned and scored, audited as submit', async () => {
    await api('POST', '/api/v1/lead-assignment-rules', {
      name: 'Expo',
      kind: 'source',
      sources: ['expo_2026'],
      assigneeIds: [ann.user.id],
    });
    await api('POST', '/api/v1/lead-score-rules', {
      name: 'Big budget',
      condition: { kind: 'field', field: 'facts.budget', op: 'gte', value: 10000 },
      points: 25,
    });
    const form = await createForm('autumn-expo');
    const address = nextClientAddress();
    const shown = await render('autumn-expo', address);
    expect(shown.fields.map((f) => f.key)).toEqual(['name', 'company', 'email', 'phone', 'budget']);
    clock.advance(8_000);
    const response = await submit(
      'autumn-expo',
      {
        token: shown.token,
        website: '',
        values: { name: '王小明', email: 'Wang@Example.cn', budget: '20000' },
      },
      address,
    );
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toEqual({ thankYou: '谢谢！' });
    const [lead] = await leadsOfForm(form.id);
    expect(lead).toMatchObject({
      name: '王小明',
      email: 'wang@example.cn',
      source: 'expo_2026',
      submitted_ip: address,
      facts: { budget: 20000 },
      owner_id: ann.user.id,
    });
    const stored = await api('GET', `/api/v1/leads/${lead!.id}`, undefined, ann);
    expect(stored.json()).toMatchObject({ score: 25, scoreReasons: [{ name: 'Big budget', points: 25 }] });
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['actor', 'actor_id', 'action', 'ip'])
      .where('entity', '=', 'lead')
      .where('entity_id', '=', lead!.id)
      .orderBy('at')
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      { actor: 'form:autumn-expo', actor_id: null, action: 'submit', ip: address },
      { actor: 'form:autumn-expo', actor_id: null, action: 'assign', ip: address },
    ]);
  });

  it('validation errors name the field; unknown and inactive forms are 404', async () => {
    await createForm('checks');
    const address = nextClientAddress();
    const shown = await render('checks', address);
    clock.advance(5_000);
    const bad = await submit(
      'checks',
      { token: shown.token, values: { name: '', email: 'not-an-email', budget: 'many', color: 'red' } },
      address,
    );
    const problem = expectProblem(bad, 400, 'request.invalid');
    expect(problem.errors.map((e) => e.field).sort()).toEqual(
      ['values.budget', 'values.color', 'values.email', 'values.name'].sort(),
    );
    expectProblem(
      await api('GET', '/api/public/lead-forms/nowhere', undefined, null),
      404,
      'lead_form.not_found',
    );
    const form = await createForm('closed-form', { active: false });
    expect(form.active).toBe(false);
    expectProblem(
      await api('GET', '/api/public/lead-forms/closed-form', undefined, null),
      404,
      'lead_form.not_found',
    );
    expectProblem(
      await submit(
        'closed-form',
        { token: shown.token, values: { name: 'x', email: 'x@example.com' } },
        address,
      ),
      404,
      'lead_form.not_found',
    );
  });

  it('spam: a filled honeypot stores nothing; a token too quick, forged or of another form is refused', async () => {
    const form = await createForm('guarded');
    const other = await createForm('other-form');
    const address = nextClientAddress();
    const shown = await render('guarded', address);
    const values = { name: 'Bot', email: 'bot@example.com' };
    const tooQuick = await submit('guarded', { token: shown.token, values }, address);
    expect(expectProblem(tooQuick, 400, 'request.invalid').errors[0]!.field).toBe('token');
    clock.advance(4_000);
    const honeypot = await submit(
      'guarded',
      { token: shown.token, website: 'http://spam.example', values },
      address,
    );
    expect(honeypot.statusCode).toBe(201);
    const forged = await submit(
      'guarded',
      { token: `${Date.now() - 60_000}.${'A'.repeat(43)}`, values },
      address,
    );
    expect(expectProblem(forged, 400, 'request.invalid').errors[0]!.field).toBe('token');
    const otherToken = (await render('other-form', nextClientAddress())).token;
    clock.advance(4_000);
    expectProblem(await submit('guarded', { token: otherToken, values }, address), 400, 'request.invalid');
    expect(await leadsOfForm(form.id)).toEqual([]);
    expect(await leadsOfForm(other.id)).toEqual([]);
  });

  it('a public form flooded by one address is refused (429) and nothing stored is lost', async () => {
    const form = await createForm('flooded');
    const flooder = nextClientAddress();
    const shown = await render('flooded', flooder);
    clock.advance(10_000);
    for (let i = 1; i <= 5; i += 1) {
      const response = await submit(
        'flooded',
        { token: shown.token, values: { name: `Visitor ${i}`, email: `v${i}@example.com` } },
        flooder,
      );
      expect(response.statusCode, response.body).toBe(201);
    }
    const refused = await submit(
      'flooded',
      { token: shown.token, values: { name: 'Visitor 6', email: 'v6@example.com' } },
      flooder,
    );
    expectProblem(refused, 429, 'lead_form.rate_limited');
    expect(refused.headers['retry-after']).toBeDefined();
    // another visitor still gets through
    const neighbour = await submit(
      'flooded',
      { token: shown.token, values: { name: 'Neighbour', email: 'n@example.com' } },
      nextClientAddress(),
    );
    expect(neighbour.statusCode).toBe(201);
    const stored = await leadsOfForm(form.id);
    expect(stored.map((l) => l.name)).toEqual([
      'Visitor 1',
      'Visitor 2',
      'Visitor 3',
      'Visitor 4',
      'Visitor 5',
      'Neighbour',
    ]);
  });
});
