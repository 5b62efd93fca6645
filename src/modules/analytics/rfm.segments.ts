import type { Locale } from '#src/shared/schema.ts';

/**
 * The eleven named RFM segments (issue 5, GLOSSARY rfmSegment) and the score map that assigns them. Codes are
 * stable snake_case ids: stored in snapshots, used in filters and by the web app.
 */
export const rfmSegments = [
  'champions',
  'loyal',
  'potential_loyalists',
  'new',
  'promising',
  'need_attention',
  'about_to_sleep',
  'at_risk',
  'cant_lose',
  'hibernating',
  'lost',
] as const;
export type RfmSegment = (typeof rfmSegments)[number];

/** What the web app and the CLI's table show for each segment (GLOSSARY). */
export const rfmSegmentNames: Record<RfmSegment, Record<Locale, string>> = {
  champions: { 'zh-CN': '重要价值客户', 'zh-TW': '重要價值客戶', en: 'Champions' },
  loyal: { 'zh-CN': '忠诚客户', 'zh-TW': '忠誠客戶', en: 'Loyal' },
  potential_loyalists: { 'zh-CN': '潜力客户', 'zh-TW': '潛力客戶', en: 'Potential loyalists' },
  new: { 'zh-CN': '新客户', 'zh-TW': '新客戶', en: 'New' },
  promising: { 'zh-CN': '有望客户', 'zh-TW': '有望客戶', en: 'Promising' },
  need_attention: { 'zh-CN': '需关注客户', 'zh-TW': '需關注客戶', en: 'Need attention' },
  about_to_sleep: { 'zh-CN': '即将沉睡客户', 'zh-TW': '即將沉睡客戶', en: 'About to sleep' },
  at_risk: { 'zh-CN': '流失风险客户', 'zh-TW': '流失風險客戶', en: 'At risk' },
  cant_lose: { 'zh-CN': '重要挽留客户', 'zh-TW': '重要挽留客戶', en: "Can't lose" },
  hibernating: { 'zh-CN': '沉睡客户', 'zh-TW': '沉睡客戶', en: 'Hibernating' },
  lost: { 'zh-CN': '已流失客户', 'zh-TW': '已流失客戶', en: 'Lost' },
};

/**
 * The score map: a grid of the recency score R (columns 1–5) against FM = ⌊(F + M) / 2⌋ (rows 1–5), after the
 * widely published R × FM segment table (Putler's eleven segments, also the example of the `rfm` R package:
 * champions R 4–5 FM 4–5, loyal R 2–5 FM 3–5, potential loyalists R 3–5 FM 1–3, new R 4–5 FM ≤ 1, promising
 * R 3–4 FM ≤ 1, need attention R 2–3 FM 2–3, about to sleep R 2–3 FM ≤ 2, at risk R ≤ 2 FM 2–5, can't lose R ≤ 1
 * FM 4–5, hibernating R 1–2 FM 1–2, lost R ≤ 2 FM ≤ 2). Those ranges overlap; this grid settles every cell
 * once, so each customer has exactly one segment (docs/analytics.md shows it as a table).
 * `rfmGrid[fm - 1][r - 1]`.
 */
export const rfmGrid: readonly (readonly RfmSegment[])[] = [
  // FM 1:  R 1     R 2            R 3               R 4          R 5
  ['lost', 'hibernating', 'about_to_sleep', 'promising', 'new'],
  // FM 2
  ['lost', 'hibernating', 'about_to_sleep', 'potential_loyalists', 'potential_loyalists'],
  // FM 3
  ['at_risk', 'at_risk', 'need_attention', 'loyal', 'loyal'],
  // FM 4
  ['cant_lose', 'at_risk', 'loyal', 'champions', 'champions'],
  // FM 5
  ['cant_lose', 'at_risk', 'loyal', 'champions', 'champions'],
];

/** The grid as one array for SQL: element `(fm - 1) * 5 + r` (1-based) is the segment of (r, fm). */
export const rfmGridCells: string[] = rfmGrid.flat();

/** The segment of one customer's scores (each 1–5). */
export const rfmSegmentOf = (r: number, f: number, m: number): RfmSegment =>
  rfmGrid[Math.floor((f + m) / 2) - 1]![r - 1]!;
