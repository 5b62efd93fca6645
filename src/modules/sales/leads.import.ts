import { inScope, writeScope } from '#src/modules/customers/customers.access.ts';
import { assignLead } from '#src/modules/sales/lead-rules.service.ts';
import { rescoreLeads, type ScoringDeps } from '#src/modules/sales/lead-rules.scoring.ts';
import * as repo from '#src/modules/sales/leads.repo.ts';
import type { Actor, Db } from '#src/shared/context.ts';
import { newId } from '#src/shared/ids.ts';

/** A lead row of an import file (DESIGN §4: `ref, name, company, email, phone, source, province, city, notes`). */
export interface ImportedLead {
  ref: string | null;
  name: string;
  company: string | null;
  email: string | null;
  phone: string | null;
  source: string | null;
  province: string | null;
  city: string | null;
  notes: string | null;
}
export type ImportedLeadColumn = Exclude<keyof ImportedLead, 'ref' | 'name'>;
export type ImportedLeadOutcome = 'inserted' | 'updated' | 'skipped' | { field: string; reason: string };

/**
 * Writes a batch of imported leads in the caller's transaction. A known ref updates that lead (the columns the
 * file has; identical values are skipped), when the importer may change it and it is not converted. A new lead is
 * owned by an importing sales person, else assigned by the rules; the batch is scored at the end in one statement.
 * The import run is audited as a whole by the importer.
 */
export async function importLeadsIn(
  tx: Db,
  deps: ScoringDeps,
  actor: Actor,
  rows: ImportedLead[],
  columns: ImportedLeadColumn[],
): Promise<ImportedLeadOutcome[]> {
  const now = deps.clock.now();
  const scope = writeScope(actor);
  const stored = new Map(
    (
      await repo.findLeadsByRef(
        tx,
        rows.flatMap((row) => (row.ref ? [row.ref] : [])),
      )
    ).map((lead) => [lead.ref, lead]),
  );
  const outcomes: ImportedLeadOutcome[] = [];
  const touched: string[] = [];
  for (const row of rows) {
    const existing = row.ref ? stored.get(row.ref) : undefined;
    if (existing) {
      if (!inScope(scope, existing)) {
        outcomes.push({ field: 'ref', reason: `lead "${row.ref}" belongs to someone you may not change` });
        continue;
      }
      if (existing.status === 'converted') {
        outcomes.push({ field: 'ref', reason: `lead "${row.ref}" is converted and cannot change` });
        continue;
      }
      const changes: Partial<Record<ImportedLeadColumn, string | null>> & { name?: string; source?: string } =
        {};
      if (row.name !== existing.name) changes.name = row.name;
      for (const column of columns) {
        if (column === 'source') {
          if (row.source && row.source !== existing.source) changes.source = row.source;
        } else if (row[column] !== existing[column]) changes[column] = row[column];
      }
      if (!Object.keys(changes).length) {
        outcomes.push('skipped');
        continue;
      }
      await repo.updateLead(tx, existing.id, existing.version, { ...changes, last_activity_at: now }, now);
      touched.push(existing.id);
      outcomes.push('updated');
      continue;
    }
    const id = newId();
    let owner: { id: string; teamId: string | null } | null = null;
    if (actor.role === 'sales' && actor.userId) owner = { id: actor.userId, teamId: actor.teamId };
    else {
      const assignment = await assignLead(tx, {
        source: row.source ?? 'import',
        province: row.province,
        city: row.city,
      });
      if (assignment) owner = { id: assignment.ownerId, teamId: assignment.teamId };
    }
    await repo.insertLead(tx, {
      id,
      ref: row.ref,
      name: row.name,
      company: row.company,
      email: row.email?.toLowerCase() ?? null,
      phone: row.phone,
      source: row.source ?? 'import',
      province: row.province,
      city: row.city,
      notes: row.notes,
      facts: '{}',
      owner_id: owner?.id ?? null,
      team_id: owner?.teamId ?? null,
      created_at: now,
      updated_at: now,
    });
    touched.push(id);
    outcomes.push('inserted');
  }
  await rescoreLeads(tx, deps, touched);
  return outcomes;
}
