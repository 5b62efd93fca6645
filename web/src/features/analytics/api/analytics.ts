import type { z } from 'zod';
import type { abcExportQuery, AbcClass, AbcResult } from '#src/modules/analytics/abc.schema.ts';
import type { FactsSource, LeftOut } from '#src/modules/analytics/analytics.schema.ts';
import type { clvExportQuery, ClvItem, ClvResponse } from '#src/modules/analytics/clv.schema.ts';
import type { CohortCustomers, cohortsQuery, CohortsResult } from '#src/modules/analytics/cohorts.schema.ts';
import type {
  RfmMovement,
  RfmMovementCustomers,
  RfmMovementCustomersQuery,
  RfmMovementQuery,
  rfmExportQuery,
  RfmResult,
  RfmSnapshot,
  rfmSnapshotPage,
} from '#src/modules/analytics/rfm.schema.ts';
import type { RfmSegment } from '#src/modules/analytics/rfm.segments.ts';
import type { ScoreRun, ScoresInput, ScoresStatus } from '#src/modules/analytics/scores.schema.ts';
import { api } from '../../../lib/api.ts';

/**
 * The analytics endpoints (DESIGN §4, `/api/v1/analytics/…`). Options travel as the text the query string carries
 * (what the address bar and the options form hold); the server checks them and answers field errors.
 */
/** Each analysis' option names, from the server's schema; values are the text of the address bar. */
type Options<Schema extends z.ZodType> = Partial<Record<keyof z.input<Schema>, string>>;
export type RfmOptions = Options<typeof rfmExportQuery>;
export type AbcOptions = Options<typeof abcExportQuery>;
export type CohortOptions = Options<typeof cohortsQuery>;
export type ClvOptions = Options<typeof clvExportQuery>;

export type RfmSnapshotPage = z.infer<typeof rfmSnapshotPage>;

/**
 * What the CLV answer carries beyond DESIGN §4's shape (the schema is open: clv.service.ts adds these). Optional
 * here, so the page still works with a server that leaves them out.
 */
export type ClvResult = ClvResponse & {
  currency?: string;
  source?: FactsSource;
  leftOut?: LeftOut;
  counts?: {
    groups: number;
    spendCustomers: number;
    zeroSpendCustomers: number;
    laterCustomers: number;
  };
};

/** A CLV item, with the customer's name and number when the server sends them. */
export type ClvRow = ClvItem & { name?: string; ref?: string };

interface PageParams {
  limit?: number;
  cursor?: string | undefined;
}

const base = '/api/v1/analytics';

export const getRfm = (
  options: RfmOptions,
  items: PageParams & { segment?: RfmSegment | undefined },
  signal?: AbortSignal,
) => api.get<RfmResult>(`${base}/rfm`, { ...options, ...items }, signal);

export const getAbc = (
  options: AbcOptions,
  items: PageParams & { class?: AbcClass | undefined },
  signal?: AbortSignal,
) => api.get<AbcResult>(`${base}/abc`, { ...options, ...items }, signal);

export const getCohorts = (options: CohortOptions, signal?: AbortSignal) =>
  api.get<CohortsResult>(`${base}/cohorts`, options, signal);

/** The customers of one cohort cell: first purchase in month `cohort`, a purchase `month` months later. */
export const getCohortCustomers = (
  options: CohortOptions,
  cell: { cohort: string; month: number },
  items: PageParams,
  signal?: AbortSignal,
) => api.get<CohortCustomers>(`${base}/cohorts/customers`, { ...options, ...cell, ...items }, signal);

export const getClv = (options: ClvOptions, items: PageParams, signal?: AbortSignal) =>
  api.get<ClvResult>(`${base}/clv`, { ...options, ...items }, signal);

/** Every customer item the user may see in one answer (nextCursor null). */
export const getClvAll = (options: ClvOptions, signal?: AbortSignal) =>
  api.get<ClvResult>(`${base}/clv/export`, options, signal);

export const listRfmSnapshots = (signal?: AbortSignal) =>
  api.get<RfmSnapshotPage>(`${base}/rfm/snapshots`, { limit: 200 }, signal);

export const createRfmSnapshot = (input: RfmOptions) => api.post<RfmSnapshot>(`${base}/rfm/snapshots`, input);

export const getRfmMovement = (query: RfmMovementQuery, signal?: AbortSignal) =>
  api.get<RfmMovement>(`${base}/rfm/movement`, query, signal);

/** The customers of one movement cell (`none`: not scored in that snapshot). */
export const getRfmMovementCustomers = (
  query: Omit<RfmMovementCustomersQuery, 'limit' | 'cursor'>,
  items: PageParams,
  signal?: AbortSignal,
) => api.get<RfmMovementCustomers>(`${base}/rfm/movement/customers`, { ...query, ...items }, signal);

/** The recompute of the scores stored on customers: the latest run and the one the customers show. */
export const getScoresStatus = (signal?: AbortSignal) => api.get<ScoresStatus>(`${base}/scores`, {}, signal);

/** Starts a recompute (as of today in the business currency unless given); 409 while another runs. */
export const startScoresRun = (input: ScoresInput = {}) => api.post<ScoreRun>(`${base}/scores`, input);
