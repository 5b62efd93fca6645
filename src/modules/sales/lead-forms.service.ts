import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { isUniqueViolation } from '#src/db/errors.ts';
import { recordAudit } from '#src/modules/audit/audit.service.ts';
import * as repo from '#src/modules/sales/lead-forms.repo.ts';
import {
  formFieldSchema,
  HONEYPOT_FIELD,
  isStandardField,
  type FormField,
  type LeadForm,
  type LeadFormCreateInput,
  type LeadFormSubmission,
  type LeadFormUpdateInput,
  type PublicLeadForm,
} from '#src/modules/sales/lead-forms.schema.ts';
import { checkToken, issueToken } from '#src/modules/sales/lead-forms.token.ts';
import { createLeadIn } from '#src/modules/sales/leads.service.ts';
import type { Actor, Deps } from '#src/shared/context.ts';
import { AppError, invalid, notFound, versionConflict, type FieldError } from '#src/shared/errors.ts';
import { newId } from '#src/shared/ids.ts';

/**
 * Lead forms (issue 6 item 1): configured by managers and admins, shown to anyone at /forms/<slug>. A submission
 * becomes a lead with the form's source, assigned and scored like any new lead, audited as `submit` by
 * `form:<slug>`. Spam is kept out by a honeypot field, a signed render token with a minimum fill time, and a rate
 * limit per address and form (in the route).
 */

const fieldsOf = (value: unknown): FormField[] => z.array(formFieldSchema).parse(value);

const presentForm = (row: repo.LeadFormRow): LeadForm => ({
  id: row.id,
  slug: row.slug,
  name: row.name,
  fields: fieldsOf(row.fields),
  source: row.source,
  thankYou: row.thank_you,
  active: row.active,
  version: row.version,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

const slugTaken = () => invalid('slug', 'is already the address of another form', 'lead_form.slug_taken');

export async function listLeadForms(deps: Deps): Promise<{ items: LeadForm[] }> {
  return { items: (await repo.listLeadForms(deps.db)).map(presentForm) };
}

export async function getLeadForm(deps: Deps, id: string): Promise<LeadForm> {
  const row = await repo.findLeadForm(deps.db, id);
  if (!row) throw notFound('lead_form.not_found', id);
  return presentForm(row);
}

export async function createLeadForm(
  deps: Deps,
  actor: Actor,
  input: LeadFormCreateInput,
): Promise<LeadForm> {
  const now = deps.clock.now();
  const id = newId();
  return deps.db.transaction().execute(async (tx) => {
    try {
      await repo.insertLeadForm(tx, {
        id,
        slug: input.slug,
        name: input.name,
        fields: JSON.stringify(input.fields),
        source: input.source ?? 'web_form',
        thank_you: input.thankYou ?? null,
        active: input.active ?? true,
        token_secret: randomBytes(32).toString('hex'),
        created_at: now,
        updated_at: now,
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw slugTaken();
      throw error;
    }
    const created = presentForm((await repo.findLeadForm(tx, id))!);
    await recordAudit(tx, actor, {
      at: now,
      action: 'create',
      entity: 'lead_form',
      entityId: id,
      after: created,
    });
    return created;
  });
}

export async function updateLeadForm(
  deps: Deps,
  actor: Actor,
  id: string,
  input: LeadFormUpdateInput,
): Promise<LeadForm> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const current = await repo.findLeadForm(tx, id);
    if (!current) throw notFound('lead_form.not_found', id);
    if (current.version !== input.version) throw versionConflict('lead form', current.version);
    const before = presentForm(current);
    let ok: boolean;
    try {
      ok = await repo.updateLeadForm(
        tx,
        id,
        input.version,
        {
          slug: input.slug ?? before.slug,
          name: input.name ?? before.name,
          fields: JSON.stringify(input.fields ?? before.fields),
          source: input.source ?? before.source,
          thank_you: input.thankYou === undefined ? before.thankYou : input.thankYou,
          active: input.active ?? before.active,
        },
        now,
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw slugTaken();
      throw error;
    }
    if (!ok) throw versionConflict('lead form', current.version);
    const after = presentForm((await repo.findLeadForm(tx, id))!);
    await recordAudit(tx, actor, {
      at: now,
      action: 'update',
      entity: 'lead_form',
      entityId: id,
      before,
      after,
    });
    return after;
  });
}

export async function deleteLeadForm(deps: Deps, actor: Actor, id: string, version?: number): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    const current = await repo.findLeadForm(tx, id);
    if (!current) throw notFound('lead_form.not_found', id);
    if (version !== undefined && version !== current.version)
      throw versionConflict('lead form', current.version);
    if (await repo.formHasLeads(tx, id))
      throw invalid('id', 'has leads that came from it: deactivate the form instead');
    if (!(await repo.deleteLeadForm(tx, id, current.version)))
      throw versionConflict('lead form', current.version);
    await recordAudit(tx, actor, {
      at: now,
      action: 'delete',
      entity: 'lead_form',
      entityId: id,
      before: presentForm(current),
    });
  });
}

/** An active form by its address; an unknown or inactive one is not found (it does not exist for visitors). */
async function activeForm(deps: Deps, slug: string) {
  const row = await repo.findFormBySlug(deps.db, slug.toLowerCase());
  if (!row || !row.active) throw notFound('lead_form.not_found');
  return row;
}

/** The form for a visitor, with a fresh render token. */
export async function publicLeadForm(deps: Deps, slug: string): Promise<PublicLeadForm> {
  const row = await activeForm(deps, slug);
  return {
    slug: row.slug,
    name: row.name,
    fields: fieldsOf(row.fields),
    token: issueToken(row.token_secret, row.slug, deps.clock.now()),
  };
}

const emailPattern = z.email();

/** The lead's values from a submission, each checked against the form; problems name `values.<key>`. */
function readValues(fields: FormField[], values: LeadFormSubmission['values']) {
  const errors: FieldError[] = [];
  const standard: Partial<Record<string, string>> = {};
  const facts: Record<string, string | number> = {};
  const known = new Set(fields.map((f) => f.key));
  for (const key of Object.keys(values))
    if (!known.has(key)) errors.push({ field: `values.${key}`, message: 'is not a field of this form' });
  for (const field of fields) {
    const raw = values[field.key];
    const text = raw === undefined ? '' : String(raw).trim();
    const path = `values.${field.key}`;
    if (!text) {
      if (field.required) errors.push({ field: path, message: 'is required' });
      continue;
    }
    if (text.includes('\u0000')) {
      errors.push({ field: path, message: 'must not contain the NUL character' });
      continue;
    }
    const max = field.key === 'notes' || field.type === 'textarea' ? 5000 : 200;
    if (text.length > max) {
      errors.push({ field: path, message: `must be at most ${max} characters` });
      continue;
    }
    if (field.key === 'email' && !emailPattern.safeParse(text).success) {
      errors.push({ field: path, message: 'must be an email address' });
      continue;
    }
    if (field.key === 'phone' && !/^[+\d][\d\s().-]{4,39}$/.test(text)) {
      errors.push({ field: path, message: 'must be a phone number' });
      continue;
    }
    if (field.type === 'number') {
      const number = Number(text);
      if (!Number.isFinite(number)) {
        errors.push({ field: path, message: 'must be a number' });
        continue;
      }
      facts[field.key] = number;
      continue;
    }
    if (isStandardField(field.key)) standard[field.key] = text;
    else facts[field.key] = text;
  }
  if (errors.length)
    throw new AppError('request.invalid', errors.map((e) => `${e.field} ${e.message}`).join('; '), {
      errors,
    });
  return { standard, facts };
}

/**
 * A visitor's submission. A filled honeypot is answered like a success and stores nothing (a bot learns nothing);
 * a bad, too quick or expired token is refused naming `token`. The lead is created, assigned and scored in one
 * transaction, audited as `submit` by `form:<slug>`.
 */
export async function submitLeadForm(
  deps: Deps,
  slug: string,
  submission: LeadFormSubmission,
  client: { ip: string; requestId: string },
): Promise<{ thankYou: string | null }> {
  const form = await activeForm(deps, slug);
  const receipt = { thankYou: form.thank_you };
  if ((submission[HONEYPOT_FIELD] ?? '').trim() !== '') {
    deps.logger.info({ form: form.slug, ip: client.ip }, 'lead form honeypot filled: submission dropped');
    return receipt;
  }
  const problem = checkToken(form.token_secret, form.slug, submission.token, deps.clock.now());
  if (problem)
    throw invalid(
      'token',
      problem === 'too_fast'
        ? 'was sent too quickly after the form was shown; please try again'
        : problem === 'expired'
          ? 'has expired; reload the form'
          : 'is not a token of this form; reload the form',
    );
  const { standard, facts } = readValues(fieldsOf(form.fields), submission.values);
  const actor: Actor = {
    userId: null,
    label: `form:${form.slug}`,
    // the form acts for nobody: the role only lets the service run, the rules decide the owner
    role: 'admin',
    teamId: null,
    ip: client.ip,
    requestId: client.requestId,
  };
  await deps.db.transaction().execute((tx) =>
    createLeadIn(
      tx,
      deps,
      actor,
      {
        name: standard.name!,
        company: standard.company ?? null,
        title: standard.title ?? null,
        email: standard.email?.toLowerCase() ?? null,
        phone: standard.phone ?? null,
        province: standard.province ?? null,
        city: standard.city ?? null,
        notes: standard.notes ?? null,
        facts,
        source: form.source,
        formId: form.id,
        submittedIp: client.ip,
      },
      'submit',
    ),
  );
  return receipt;
}
