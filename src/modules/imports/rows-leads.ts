import type { Columns } from '#src/modules/imports/columns.ts';
import type { Importer, ImportItem, Outcome, WriteContext } from '#src/modules/imports/importer.ts';
import type { MappedRow } from '#src/modules/imports/values.ts';
import {
  importLeadsIn,
  type ImportedLead,
  type ImportedLeadColumn,
} from '#src/modules/sales/leads.import.ts';
import type { Db } from '#src/shared/context.ts';

/**
 * Leads files (DESIGN §4): `ref, name, company, email, phone, source, province, city, notes`. A row without a name
 * is rejected; re-importing a ref updates that lead; new leads are assigned and scored like any other.
 */
export interface LeadItem extends ImportItem {
  lead: ImportedLead;
}

const optionalColumns = ['company', 'email', 'phone', 'source', 'province', 'city', 'notes'] as const;

export function parseLead(row: MappedRow): LeadItem | null {
  const name = row.required('name');
  if (name.length > 200) row.fail('name', `is ${name.length} characters long; at most 200 are allowed`);
  const ref = row.optionalText('ref', 100);
  const company = row.optionalText('company', 200);
  const email = row.optionalText('email', 254);
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    row.fail('email', `"${email}" is not an email address`);
  const phone = row.optionalText('phone', 40);
  const source = row.optionalText('source', 50);
  const province = row.optionalText('province', 50);
  const city = row.optionalText('city', 50);
  const notes = row.optionalText('notes', 10_000);
  if (!row.ok) return null;
  return {
    sources: [row.row],
    lead: { ref, name, company, email: email?.toLowerCase() ?? null, phone, source, province, city, notes },
  };
}

async function writeLeads(
  tx: Db,
  items: LeadItem[],
  context: WriteContext,
  columns: Columns,
): Promise<Outcome[]> {
  const present = optionalColumns.filter((field) => columns.index.has(field)) satisfies ImportedLeadColumn[];
  const outcomes = await importLeadsIn(
    tx,
    { clock: { now: () => context.now }, config: { timeZone: context.timeZone } },
    context.actor,
    items.map((item) => item.lead),
    present,
  );
  return outcomes.map((outcome) =>
    typeof outcome === 'string' ? outcome : { column: columns.header(outcome.field), reason: outcome.reason },
  );
}

export function leadImporter(context: WriteContext, columns: Columns): Importer<LeadItem> {
  return {
    parse: (row) => parseLead(row),
    keyField: 'ref',
    key: (item) => item.lead.ref,
    write: (tx, items) => writeLeads(tx, items, context, columns),
  };
}
