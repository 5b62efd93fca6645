import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { cliActor, CliError, EXIT_USAGE } from '#src/cli/context.ts';
import { onTarget, targetOptions, type Target } from '#src/cli/import.ts';
import { exportEntities, type ExportEntity } from '#src/modules/imports/imports.schema.ts';
import { exportEntity } from '#src/modules/imports/imports.service.ts';

/** Through a running server: the same download the web app offers, streamed to the file. */
async function exportRemote(
  url: string,
  token: string,
  entity: ExportEntity,
  file: string,
  format: 'csv' | 'xlsx',
) {
  let response: Response;
  try {
    response = await fetch(new URL(`/api/v1/exports/${entity}?format=${format}`, url), {
      headers: { authorization: `Bearer ${token}` },
    });
  } catch (error) {
    throw new CliError(`Could not reach the Guanxi server at ${url}: ${(error as Error).message}`);
  }
  if (!response.ok || !response.body) {
    const problem = JSON.parse((await response.text()) || '{}') as { detail?: string };
    throw new CliError(`The server answered ${response.status}: ${problem.detail ?? ''}`);
  }
  await pipeline(Readable.fromWeb(response.body as never), createWriteStream(file));
  return { rows: null, path: file };
}

/** `guanxi export customers|orders|interactions|products FILE` (DESIGN §4): `.xlsx` by the name, else CSV. */
export function exportCommand(program: Command): void {
  targetOptions(
    program
      .command('export')
      .description('export in the import format: CSV (UTF-8 with BOM, for Excel) or .xlsx by the file name')
      .argument('<entity>', exportEntities.join('|'))
      .argument('<file>', 'the file to write (.csv or .xlsx)'),
  ).action(async (entityArg: string, file: string, options: Target) => {
    if (!(exportEntities as readonly string[]).includes(entityArg))
      throw new CliError(`export what? ${entityArg} is not one of ${exportEntities.join(', ')}`, EXIT_USAGE);
    const entity = entityArg as ExportEntity;
    const target = path.resolve(file);
    const format = target.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv';
    const result = await onTarget<{ rows: number | null; path: string }>(
      options,
      ({ deps }) => exportEntity(deps, cliActor(), entity, target, format),
      (url, token) => exportRemote(url, token, entity, target, format),
    );
    process.stdout.write(
      result.rows === null
        ? `exported ${entity} to ${result.path}\n`
        : `exported ${result.rows} ${entity} to ${result.path}\n`,
    );
  });
}
