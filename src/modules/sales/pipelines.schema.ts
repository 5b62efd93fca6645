import { z } from 'zod';
import { text, uuid } from '#src/shared/schema.ts';

/**
 * Pipelines and their stages (issue 6, item 2). Each pipeline has open stages in order, exactly one won and one lost
 * stage, and exactly one pipeline is the default. A built-in stage has a `key` (the web shows its name in each
 * language) until someone renames it.
 */

const timestamp = z.iso.datetime({ offset: true });
const probability = z.number().min(0).max(1);

export const stageKinds = ['open', 'won', 'lost'] as const;
export const stageKindSchema = z.enum(stageKinds);
export type StageKind = z.infer<typeof stageKindSchema>;

export const stageSchema = z.object({
  id: uuid,
  pipelineId: uuid,
  key: z.string().nullable(),
  name: z.string(),
  position: z.number().int(),
  probability: z.number(),
  kind: stageKindSchema,
  archived: z.boolean(),
  version: z.number().int(),
});
export type Stage = z.infer<typeof stageSchema>;

export const pipelineSchema = z.object({
  id: uuid,
  name: z.string(),
  isDefault: z.boolean(),
  position: z.number().int(),
  archived: z.boolean(),
  /** Open stages in order, then the won and the lost stage; archived stages are left out. */
  stages: z.array(stageSchema),
  version: z.number().int(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Pipeline = z.infer<typeof pipelineSchema>;
/** Every pipeline on one page: a company has a handful; `nextCursor` is always null (DESIGN §4 list shape). */
export const pipelineListSchema = z.object({ items: z.array(pipelineSchema), nextCursor: z.null() });

export const stageInput = z
  .object({ name: text(100), probability, kind: stageKindSchema.default('open') })
  .strict();

export const pipelineCreateInput = z
  .object({
    name: text(100),
    isDefault: z.boolean().optional(),
    /** In order; exactly one `won` and one `lost` stage and at least one open stage. */
    stages: z.array(stageInput).min(3).max(30),
  })
  .strict();
export type PipelineCreateInput = z.infer<typeof pipelineCreateInput>;

export const pipelineUpdateInput = z
  .object({
    version: z.number().int().min(1),
    name: text(100).optional(),
    /** Only `true`: another pipeline becomes the default by being made the default. */
    isDefault: z.literal(true).optional(),
    archived: z.boolean().optional(),
  })
  .strict();
export type PipelineUpdateInput = z.infer<typeof pipelineUpdateInput>;

export const stageCreateInput = z
  .object({
    name: text(100),
    probability,
    /** Among the open stages, 0-based; default last. */
    position: z.number().int().min(0).optional(),
  })
  .strict();
export type StageCreateInput = z.infer<typeof stageCreateInput>;

export const stageUpdateInput = z
  .object({
    version: z.number().int().min(1),
    /** Renaming drops the built-in key: the stage then shows the name as typed in every language. */
    name: text(100).optional(),
    probability: probability.optional(),
    /** Making a stage the won (lost) stage turns the old won (lost) stage into an open one. */
    kind: stageKindSchema.optional(),
  })
  .strict();
export type StageUpdateInput = z.infer<typeof stageUpdateInput>;

export const stageOrderInput = z
  .object({
    version: z.number().int().min(1),
    /** Every open stage of the pipeline, in the new order. */
    stageIds: z.array(uuid).min(1).max(30),
  })
  .strict();
export type StageOrderInput = z.infer<typeof stageOrderInput>;

export const pipelineParams = z.object({ id: uuid }).strict();
export const stageParams = z.object({ id: uuid, stageId: uuid }).strict();
export const pipelineDeleteQuery = z.object({ version: z.coerce.number().int().min(1).optional() }).strict();
