import type { CustomerListItem, DuplicateCandidate } from '#src/modules/customers/customers.schema.ts';
import type { CandidateRow } from '#src/modules/customers/duplicates.repo.ts';

/**
 * A candidate pair with both customers as list rows; `first` and `second` say which of the pair is shown as
 * `customer` (a customer's own page shows itself first, the review list the stored order).
 */
export const presentCandidate = (
  row: CandidateRow,
  first: CustomerListItem,
  second: CustomerListItem,
): DuplicateCandidate => ({
  id: row.id,
  reason: row.reason as DuplicateCandidate['reason'],
  score: row.score,
  status: row.status as DuplicateCandidate['status'],
  customer: first,
  other: second,
  detectedAt: row.detected_at.toISOString(),
});
