import { computeAbc } from '#src/modules/analytics/abc.service.ts';
import type { AbcClass, AbcResult } from '#src/modules/analytics/abc.schema.ts';
import {
  abcOptions,
  clvOptions,
  cohortOptions,
  rfmOptions,
} from '#src/modules/analytics/analytics.options.ts';
import type { ItemPage } from '#src/modules/analytics/analytics.present.ts';
import type { ClvResponse } from '#src/modules/analytics/clv.schema.ts';
import { computeClv } from '#src/modules/analytics/clv.service.ts';
import { computeCohorts } from '#src/modules/analytics/cohorts.service.ts';
import type { CohortsResult } from '#src/modules/analytics/cohorts.schema.ts';
import { computeRfm, type RfmItemFilters } from '#src/modules/analytics/rfm.service.ts';
import type { RfmResult } from '#src/modules/analytics/rfm.schema.ts';
import type { Actor, Deps } from '#src/shared/context.ts';

/**
 * The analyses of `guanxi analyze` and `/api/v1/analytics/…` from their checked options (the schemas' output):
 * the defaults of DESIGN §4 filled in (analytics.options.ts), then the analysis. Routes and the CLI both call these.
 */
type Progress = ((message: string) => void) | undefined;

export type RfmRequest = Parameters<typeof rfmOptions>[1] & RfmItemFilters;
export type AbcRequest = Parameters<typeof abcOptions>[1] & { class?: AbcClass | undefined };
export type CohortsRequest = Parameters<typeof cohortOptions>[1];
export type ClvRequest = Parameters<typeof clvOptions>[1];

export const analyzeRfm = (
  deps: Deps,
  actor: Actor,
  request: RfmRequest,
  page: ItemPage,
  onProgress?: Progress,
): Promise<RfmResult> =>
  computeRfm(
    deps,
    actor,
    rfmOptions(deps, request),
    page,
    { segment: request.segment, r: request.r, f: request.f, m: request.m },
    { onProgress },
  );

export const analyzeAbc = (
  deps: Deps,
  actor: Actor,
  request: AbcRequest,
  page: ItemPage,
  onProgress?: Progress,
): Promise<AbcResult> =>
  computeAbc(deps, actor, abcOptions(deps, request), page, { class: request.class }, { onProgress });

export const analyzeCohorts = (
  deps: Deps,
  request: CohortsRequest,
  onProgress?: Progress,
): Promise<CohortsResult> => computeCohorts(deps, cohortOptions(deps, request), onProgress);

export const analyzeClv = (
  deps: Deps,
  actor: Actor,
  request: ClvRequest,
  page: ItemPage,
  onProgress?: Progress,
): Promise<ClvResponse> => computeClv(deps, actor, clvOptions(deps, request), page, onProgress);
