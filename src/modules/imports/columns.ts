import {
  importFields,
  requiredFields,
  type ColumnMapping,
  type ImportEntity,
} from '#src/modules/imports/imports.schema.ts';
import { AppError, invalid } from '#src/shared/errors.ts';

/**
 * Which column of a file holds which field (DESIGN §4): a header named as the format says (any case, spaces or
 * hyphens for underscores), or a column mapped with `--map SOURCE=field` (the wizard's mapping). Columns mapped
 * to nothing are ignored. A file missing a required column fails before anything is written.
 */
export interface Columns {
  /** Field → column index. */
  index: Map<string, number>;
  /** The file's own header of a field's column, for error reports. */
  header(field: string): string;
  /** An orders file with `unit_price`: its rows are lines, grouped into orders by `ref`. */
  lineItems: boolean;
}

export const normalizeHeader = (header: string): string =>
  header
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

const fieldsOf = (entity: ImportEntity): readonly string[] => importFields[entity];

/** Checks a mapping's fields before any file is read: an unknown field is a bad invocation. */
export function checkMapping(entity: ImportEntity, mapping: ColumnMapping): void {
  const fields = fieldsOf(entity);
  for (const [source, field] of Object.entries(mapping)) {
    if (field && !fields.includes(field))
      throw invalid(
        `mapping.${source}`,
        `maps to ${field}, which is not a column of ${entity} (columns: ${fields.join(', ')})`,
      );
  }
}

/** Resolves the columns of a file's header; throws `import.bad_file` naming every missing required column. */
export function resolveColumns(
  entity: ImportEntity,
  headers: readonly string[],
  mapping: ColumnMapping = {},
): Columns {
  checkMapping(entity, mapping);
  const fields = fieldsOf(entity);
  const index = new Map<string, number>();
  const mappedSources = new Set<number>();
  const byExact = new Map<string, number>();
  const byNormal = new Map<string, number>();
  headers.forEach((header, i) => {
    if (!byExact.has(header)) byExact.set(header, i);
    const normal = normalizeHeader(header);
    if (!byNormal.has(normal)) byNormal.set(normal, i);
  });

  const problems: string[] = [];
  for (const [source, field] of Object.entries(mapping)) {
    const column = byExact.get(source) ?? byNormal.get(normalizeHeader(source));
    if (column === undefined) {
      problems.push(`there is no column ${source} to map (the columns are: ${headers.join(', ')})`);
      continue;
    }
    mappedSources.add(column);
    if (!field) continue;
    const taken = index.get(field);
    if (taken !== undefined && taken !== column)
      problems.push(`both ${headers[taken]} and ${source} are mapped to ${field}`);
    index.set(field, column);
  }
  // columns named as the format says, unless the mapping gave that field (or that column) another meaning
  headers.forEach((header, i) => {
    const field = normalizeHeader(header);
    if (!fields.includes(field) || index.has(field) || mappedSources.has(i)) return;
    index.set(field, i);
  });

  const lineItems = entity === 'orders' && index.has('unit_price');
  const required = lineItems ? requiredFields.orderLines : requiredFields[entity];
  const missing = required.filter((field) => !index.has(field));
  if (missing.length > 0 && headers.length === 1 && /[;\t|]/.test(headers[0] ?? ''))
    problems.push(
      `the header is one column "${headers[0]}": the file seems separated by semicolons or tabs; save it as CSV with commas`,
    );
  else if (missing.length > 0) {
    problems.push(
      `the file has no ${missing.join(', ')} column${missing.length > 1 ? 's' : ''}` +
        ` (required for ${lineItems ? 'a line-item orders file' : entity}; map one with --map SOURCE=field)`,
    );
  }
  if (problems.length > 0) {
    throw new AppError('import.bad_file', problems.join('; '), {
      errors: [
        ...missing.map((field) => ({ field, message: 'is a required column the file does not have' })),
      ],
    });
  }
  return { index, header: (field) => headers[index.get(field) ?? -1] ?? field, lineItems };
}
