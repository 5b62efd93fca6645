import { z } from 'zod';
import { text, uuid } from '#src/shared/schema.ts';

/**
 * Public lead forms (issue 6 item 1): a form at /forms/<slug> asks for some of a lead's fields (and custom ones,
 * stored in the lead's facts), marks which are required, and turns each submission into a lead.
 */

export const standardFormFields = [
  'name',
  'company',
  'email',
  'phone',
  'title',
  'province',
  'city',
  'notes',
] as const;
export type StandardFormField = (typeof standardFormFields)[number];
export const isStandardField = (key: string): key is StandardFormField =>
  (standardFormFields as readonly string[]).includes(key);

export const formFieldSchema = z
  .object({
    /** A lead field (name, company, …) or a custom key that lands in the lead's facts. */
    key: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,39}$/, 'must be a short key of letters, digits and _'),
    required: z.boolean(),
    /** The label of a custom field (lead fields are labelled in the visitor's language). */
    label: text(100).optional(),
    /** How a custom field is typed in: a line, a paragraph or a number. */
    type: z.enum(['text', 'textarea', 'number']).optional(),
  })
  .strict();
export type FormField = z.infer<typeof formFieldSchema>;

const formFields = z
  .array(formFieldSchema)
  .min(1)
  .max(30)
  .superRefine((fields, ctx) => {
    const seen = new Set<string>();
    fields.forEach((field, index) => {
      if (seen.has(field.key))
        ctx.addIssue({ code: 'custom', path: [index, 'key'], message: 'appears twice in the form' });
      seen.add(field.key);
      if (!isStandardField(field.key) && !field.label)
        ctx.addIssue({ code: 'custom', path: [index, 'label'], message: 'is required for a custom field' });
    });
    const name = fields.find((field) => field.key === 'name');
    if (!name?.required)
      ctx.addIssue({ code: 'custom', path: [], message: 'must ask for the name and require it' });
  });

const slug = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'must be 2 to 63 lower-case letters, digits and dashes');

export const leadFormSchema = z.object({
  id: uuid,
  slug: z.string(),
  name: z.string(),
  fields: z.array(formFieldSchema),
  source: z.string(),
  thankYou: z.string().nullable(),
  active: z.boolean(),
  version: z.number().int(),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type LeadForm = z.infer<typeof leadFormSchema>;

const leadFormFields = {
  slug,
  name: text(100),
  fields: formFields,
  /** The source of the leads the form makes (default web_form). */
  source: text(50).optional(),
  thankYou: z.string().trim().max(2000).nullable().optional(),
  active: z.boolean().optional(),
};
export const leadFormCreateInput = z.object(leadFormFields).strict();
export type LeadFormCreateInput = z.infer<typeof leadFormCreateInput>;
export const leadFormUpdateInput = z
  .object({ version: z.number().int().min(1), ...leadFormFields })
  .partial()
  .required({ version: true })
  .strict();
export type LeadFormUpdateInput = z.infer<typeof leadFormUpdateInput>;
export const leadFormList = z.object({ items: z.array(leadFormSchema) });

/** What a visitor's browser gets: the form, and a signed token that dates the moment it was shown. */
export const publicLeadFormSchema = z.object({
  slug: z.string(),
  name: z.string(),
  fields: z.array(formFieldSchema),
  token: z.string(),
});
export type PublicLeadForm = z.infer<typeof publicLeadFormSchema>;

export const slugParams = z.object({ slug: z.string().max(100) }).strict();

/** The honeypot's name: a field people never see and bots fill in. */
export const HONEYPOT_FIELD = 'website';

export const leadFormSubmission = z
  .object({
    /** From the form's GET: proves it was shown, and when. */
    token: z.string().max(200),
    /** The honeypot: must stay empty. */
    [HONEYPOT_FIELD]: z.string().max(2000).optional(),
    values: z.record(z.string().max(100), z.union([z.string().max(10_000), z.number()])),
  })
  .strict();
export type LeadFormSubmission = z.infer<typeof leadFormSubmission>;

export const submissionReceiptSchema = z.object({ thankYou: z.string().nullable() });
