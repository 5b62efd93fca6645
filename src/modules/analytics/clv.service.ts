import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { FactsSource, LeftOut } from '#src/modules/analytics/analytics.schema.ts';
import type { ItemPage } from '#src/modules/analytics/analytics.present.ts';
import { BgnbdFitError, BgnbdLikelihood, fitBgnbd } from '#src/modules/analytics/btyd/bgnbd.ts';
import { ClvModel, perUnitRate } from '#src/modules/analytics/btyd/clv-value.ts';
import {
  fitGammaGamma,
  GammaGammaFitError,
  GammaGammaLikelihood,
} from '#src/modules/analytics/btyd/gamma-gamma.ts';
import { holdoutComparison, type Holdout } from '#src/modules/analytics/clv.holdout.ts';
import {
  customerPage,
  summariseSlice,
  type ClvCustomerRow,
  type ClvWindow,
} from '#src/modules/analytics/clv.repo.ts';
import { ClvSummary } from '#src/modules/analytics/clv.summary.ts';
import { orderDayRange } from '#src/modules/analytics/facts.repo.ts';
import { inCustomerSlices } from '#src/modules/analytics/slices.ts';
import { readScope } from '#src/modules/customers/customers.access.ts';
import type { Actor, Deps } from '#src/shared/context.ts';
import { AppError, invalid } from '#src/shared/errors.ts';
import { minorDigits } from '#src/shared/money.ts';

/**
 * Predictive customer lifetime value (issue 5 item 4; DESIGN §4 and §6): BG/NBD for purchases and P(alive),
 * Gamma-Gamma for spend per purchase, discounted over a horizon; with a holdout, predicted against actual repeat
 * purchases. Summaries are computed in SQL (clv.repo.ts) over slices of customers; the models are fitted on the whole
 * base whoever asks, and the items are the customers the actor may see.
 */

export interface ClvOptions {
  /** YYYY-MM-DD, inclusive: orders on that day count and T is measured to it. */
  calibrationEnd: string;
  /** YYYY-MM-DD, inclusive: with it, predicted and actual repeat purchases after calibrationEnd through this day. */
  holdoutEnd?: string | undefined;
  unit: 'week' | 'day';
  /** Units after calibrationEnd that expectedPurchases and expectedValue cover. */
  horizon: number;
  /** Yearly, e.g. 0.10. */
  discountRate: number;
  /** Share of spend that is margin. */
  margin: number;
  currency: string;
  /** Where the summaries come from; by default `customer_stats` when it answers (no holdout, no later order). */
  source?: FactsSource | undefined;
}

export type ClvPage = ItemPage;

export type ClvItem = {
  customerId: string;
  /** Repeat purchase days x in the calibration period. */
  frequency: number;
  /** Age at the last purchase t_x, in `unit`. */
  recency: number;
  /** Age at the end of calibration, in `unit`. */
  T: number;
  pAlive: number;
  /** Over `horizon` units. */
  expectedPurchases: number;
  /** Major units, rounded to the currency's minor unit. */
  expectedSpend: number;
  /** Major units, rounded to the currency's minor unit. */
  expectedValue: number;
};

export type ClvResult = {
  model: {
    bgnbd: { r: number; alpha: number; a: number; b: number; logLikelihood: number };
    gammaGamma: { p: number; q: number; gamma: number; logLikelihood: number };
    unit: 'week' | 'day';
    calibrationEnd: string;
    /** Customers the BG/NBD model was fitted on. */
    customers: number;
  };
  customers: { items: ClvItem[]; nextCursor: string | null };
  holdout?: Holdout;
  currency: string;
  /** Where the summaries came from. */
  source: FactsSource;
  /** Purchases up to calibrationEnd in other currencies, which the analysis leaves out. */
  leftOut: LeftOut;
  counts: {
    /** Distinct (x, t_x, T) the BG/NBD likelihood was evaluated on. */
    groups: number;
    /** Repeat customers the Gamma-Gamma model was fitted on. */
    spendCustomers: number;
    /** Repeat customers whose repeat purchases were all free: not in the spend fit, expectedSpend 0. */
    zeroSpendCustomers: number;
    /** Customers whose first purchase is after calibrationEnd: not in the model, not among the items. */
    laterCustomers: number;
  };
};

const UNIT_DAYS = { week: 7, day: 1 } as const;
/** Forecasts between two turns of the event loop. */
const YIELD_EVERY = 5000;
const cursorTag = 'clv';

function checkOptions(options: ClvOptions, page: ClvPage): void {
  const field = (name: string) => `querystring.${name}`;
  const isDay = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);
  if (!isDay(options.calibrationEnd)) throw invalid(field('calibrationEnd'), 'must be a date YYYY-MM-DD');
  if (options.holdoutEnd !== undefined) {
    if (!isDay(options.holdoutEnd)) throw invalid(field('holdoutEnd'), 'must be a date YYYY-MM-DD');
    if (options.holdoutEnd <= options.calibrationEnd)
      throw invalid(field('holdoutEnd'), `must be after calibrationEnd (${options.calibrationEnd})`);
  }
  if (!Number.isInteger(options.horizon) || options.horizon < 1 || options.horizon > 5200)
    throw invalid(field('horizon'), 'must be a whole number of units from 1 to 5200');
  if (!(options.discountRate >= 0 && options.discountRate <= 1))
    throw invalid(field('discountRate'), 'must be a yearly rate from 0 to 1');
  if (!(options.margin > 0 && options.margin <= 1))
    throw invalid(field('margin'), 'must be more than 0 and at most 1');
  if (!('all' in page) && !(Number.isInteger(page.limit) && page.limit >= 1 && page.limit <= 200))
    throw invalid(field('limit'), 'must be a whole number from 1 to 200');
}

const encodeCursor = (customerId: string) =>
  Buffer.from(JSON.stringify([cursorTag, customerId])).toString('base64url');

function decodeCursor(cursor: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  const id = Array.isArray(parsed) && parsed.length === 2 && parsed[0] === cursorTag ? parsed[1] : null;
  if (typeof id !== 'string' || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id))
    throw invalid('querystring.cursor', 'is not a cursor returned by this list');
  return id;
}

/**
 * The summaries answer when no order is dated after the calibration end and no holdout is asked: they hold every
 * order (DESIGN §6). Otherwise orders are scanned.
 */
async function chooseSource(deps: Deps, options: ClvOptions): Promise<FactsSource> {
  if (options.source) return options.source;
  if (options.holdoutEnd !== undefined) return 'orders';
  const { last } = await orderDayRange(deps.db);
  return last === null || last <= options.calibrationEnd ? 'summaries' : 'orders';
}

const insufficient = (detail: string) => new AppError('analytics.insufficient_data', detail);

/** Lifetime value over the whole base; the items are a page (or all) of the customers the actor may see. */
export async function computeClv(
  deps: Deps,
  actor: Actor,
  options: ClvOptions,
  page: ClvPage,
  onProgress?: (message: string) => void,
): Promise<ClvResult> {
  checkOptions(options, page);
  const after = 'all' in page || !page.cursor ? null : decodeCursor(page.cursor);
  const unitDays = UNIT_DAYS[options.unit];
  const window: ClvWindow = {
    calibrationEnd: options.calibrationEnd,
    holdoutEnd: options.holdoutEnd ?? null,
    currency: options.currency,
    unitDays,
  };
  const source = await chooseSource(deps, options);
  const scope = readScope(actor);
  const summary = new ClvSummary();
  await inCustomerSlices(
    deps,
    source === 'summaries' ? 'reading customer summaries' : 'summarising orders',
    async (sliceAfter, last) =>
      summary.add(
        await summariseSlice(deps.db, source, window, sliceAfter, last, 'all' in page ? scope : null),
      ),
    { onProgress },
  );

  const groups = summary.bgnbdGroups(unitDays);
  const money = 10 ** minorDigits(options.currency);
  const spendGroups = summary.spendGroups(money);
  if (groups.count.length === 0)
    throw insufficient(`no customer bought in ${options.currency} up to ${options.calibrationEnd}`);
  onProgress?.(
    `fitting BG/NBD on ${summary.customers} customers (${groups.count.length} distinct histories)`,
  );
  const bgnbd = fitOrExplain(() => fitBgnbd(new BgnbdLikelihood(groups)));
  onProgress?.(`fitting Gamma-Gamma on ${spendGroups.customers} repeat customers`);
  const gammaGamma = fitOrExplain(() => fitGammaGamma(new GammaGammaLikelihood(spendGroups)));
  if (!(gammaGamma.params.q > 1))
    throw insufficient(
      `the spend fit gives q = ${gammaGamma.params.q} ≤ 1: spend per purchase is too heavy-tailed to have a mean`,
    );

  const model = new ClvModel({
    bgnbd: bgnbd.params,
    gammaGamma: gammaGamma.params,
    horizon: options.horizon,
    ratePerUnit: perUnitRate(options.discountRate, unitDays),
    margin: options.margin,
  });
  let rows: ClvCustomerRow[];
  let nextCursor: string | null = null;
  if ('all' in page) rows = summary.items;
  else {
    rows = await customerPage(deps.db, source, window, scope, after, page.limit + 1);
    if (rows.length > page.limit) {
      rows = rows.slice(0, page.limit);
      nextCursor = encodeCursor(rows.at(-1)!.customer_id);
    }
  }
  onProgress?.(`forecasting ${rows.length} customers`);
  const roundMoney = (value: number) => Math.round(value * money) / money;
  const items: ClvItem[] = [];
  for (const row of rows) {
    // a million customers take seconds: let the server's other requests in now and then
    if (items.length % YIELD_EVERY === YIELD_EVERY - 1) await yieldToEventLoop();
    const [x, tx, T] = [row.x, row.tx_days / unitDays, row.t_days / unitDays];
    const forecast = model.forecast(x, tx, T);
    const spend = model.spend(x, x > 0 ? row.repeat_amount / x / money : 0);
    items.push({
      customerId: row.customer_id,
      frequency: x,
      recency: round(tx, 6),
      T: round(T, 6),
      pAlive: round(forecast.pAlive, 6),
      expectedPurchases: round(forecast.expectedPurchases, 6),
      expectedSpend: roundMoney(spend),
      expectedValue: roundMoney(model.value(spend, forecast)),
    });
  }

  return {
    model: {
      bgnbd: { ...bgnbd.params, logLikelihood: bgnbd.logLikelihood },
      gammaGamma: { ...gammaGamma.params, logLikelihood: gammaGamma.logLikelihood },
      unit: options.unit,
      calibrationEnd: options.calibrationEnd,
      customers: bgnbd.customers,
    },
    customers: { items, nextCursor },
    ...(options.holdoutEnd !== undefined && {
      holdout: await holdoutComparison(bgnbd.params, groups, summary, options, unitDays, onProgress),
    }),
    currency: options.currency,
    source,
    leftOut: summary.leftOut(),
    counts: {
      groups: groups.count.length,
      spendCustomers: spendGroups.customers,
      zeroSpendCustomers: summary.zeroSpendCustomers,
      laterCustomers: summary.laterCustomers,
    },
  };
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** A fit, or the reason the data cannot support it as a 409 the user can act on. */
function fitOrExplain<T>(fit: () => T): T {
  try {
    return fit();
  } catch (error) {
    if (error instanceof BgnbdFitError || error instanceof GammaGammaFitError)
      throw insufficient(error.message);
    throw error;
  }
}
