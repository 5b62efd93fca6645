import { z } from 'zod';
import { currencyCode } from '#src/modules/catalog/catalog.schema.ts';
import { uuid } from '#src/shared/schema.ts';

/**
 * The pipeline funnel and sales velocity (issue 6, item 6), over the opportunities created in the window:
 * - `reached`: deals that entered the stage or any later one (a later stage implies passing the earlier ones);
 *   lost is not a step of the funnel, so a lost deal counts up to the furthest open stage it entered;
 * - `conversion`: reached(next stage) / reached(this stage);
 * - `averageDays`: mean calendar days of the finished stays in the stage (entered → next stage entered);
 * - `winRate` = won / (won + lost) among these deals;
 * - velocity (per day, money in `currency`) = open deals × win rate × average won deal size / average cycle days,
 *   where the average won deal size and cycle (created day → closed day, at least 1 day) are of the deals won in
 *   `currency`. Null when any factor is unknown (no closed or won deals).
 */
export const funnelQuery = z
  .object({
    pipelineId: uuid.optional(),
    from: z.iso.date().optional(),
    to: z.iso.date().optional(),
    ownerId: uuid.optional(),
    teamId: uuid.optional(),
    currency: currencyCode.optional(),
  })
  .strict()
  .refine((q) => !(q.ownerId && q.teamId), { message: 'give ownerId or teamId, not both', path: ['teamId'] })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'must not be after to', path: ['from'] });
export type FunnelQuery = z.infer<typeof funnelQuery>;

export const funnelStageSchema = z.object({
  stageId: uuid,
  key: z.string().nullable(),
  name: z.string(),
  kind: z.enum(['open', 'won']),
  reached: z.number().int(),
  /** Share of the deals that reached this stage and reached the next one; null for the last or an empty stage. */
  conversion: z.number().nullable(),
  averageDays: z.number().nullable(),
});
export type FunnelStage = z.infer<typeof funnelStageSchema>;

export const funnelSchema = z.object({
  pipelineId: uuid,
  from: z.iso.date(),
  to: z.iso.date(),
  currency: z.string(),
  stages: z.array(funnelStageSchema),
  created: z.number().int(),
  open: z.number().int(),
  won: z.number().int(),
  lost: z.number().int(),
  winRate: z.number().nullable(),
  averageWonAmount: z.number().nullable(),
  averageCycleDays: z.number().nullable(),
  velocity: z.number().nullable(),
});
export type Funnel = z.infer<typeof funnelSchema>;
