import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { actorOf } from '#src/server/plugins/auth.ts';
import { protectedErrors, typed } from '#src/server/route-kit.ts';
import type { Deps } from '#src/shared/context.ts';
import { AppError } from '#src/shared/errors.ts';
import {
  exportParams,
  exportQuery,
  idParams,
  importListQuery,
  importPage,
  importSchema,
  runInput,
  uploadQuery,
} from '#src/modules/imports/imports.schema.ts';
import { runImport, settleImports } from '#src/modules/imports/imports.run.ts';
import * as imports from '#src/modules/imports/imports.service.ts';

/** The largest file the wizard accepts; the app's 1 MiB body limit applies to every other route. */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

const contentTypes = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** `attachment` with the name in ASCII and in UTF-8 (RFC 6266), so Chinese file names survive. */
const attachment = (fileName: string) =>
  `attachment; filename="${fileName.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;

/** Imports through the web wizard, and exports (issue 4, DESIGN §4). */
export function registerImportRoutes(app: FastifyInstance, deps: Deps): void {
  const tags = ['imports'];
  // shutting down stops running imports after their current batch (they can be run again)
  app.addHook('onClose', async () => {
    await settleImports(deps, { stop: true });
  });

  // The upload is the request body itself (any content type but JSON), streamed to a file: never held in memory.
  void app.register(async (scope) => {
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    typed(scope).post('/api/v1/imports', {
      config: { access: 'imports.run' },
      bodyLimit: MAX_UPLOAD_BYTES,
      schema: {
        tags,
        summary:
          'Upload a file to import (the raw file as the body); answers its columns, a suggested mapping and a preview',
        querystring: uploadQuery,
        response: { 201: importSchema, 413: protectedErrors[400], ...protectedErrors },
      },
      handler: async (request, reply) => {
        if (!(request.body instanceof Readable))
          throw new AppError(
            'request.unsupported_media_type',
            'send the file itself as the request body (for example application/octet-stream), not JSON',
          );
        const length = Number(request.headers['content-length'] ?? 0);
        if (length > MAX_UPLOAD_BYTES)
          throw new AppError(
            'request.too_large',
            `the file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`,
          );
        const header = request.headers['x-file-name'];
        const fileName =
          request.query.fileName ??
          (typeof header === 'string' && header ? decodeURIComponent(header) : `${request.query.entity}.csv`);
        const created = await imports.uploadImport(
          deps,
          actorOf(request),
          { entity: request.query.entity, fileName, encoding: request.query.encoding },
          request.body,
          MAX_UPLOAD_BYTES,
        );
        return reply.status(201).send(created);
      },
    });
  });

  const api = typed(app);
  api.get('/api/v1/imports', {
    config: { access: 'imports.run' },
    schema: {
      tags,
      summary: 'Imports: your own (admins see everyone’s), newest first',
      querystring: importListQuery,
      response: { 200: importPage, ...protectedErrors },
    },
    handler: (request) => imports.listImports(deps, actorOf(request), request.query),
  });

  api.get('/api/v1/imports/:id', {
    config: { access: 'imports.run' },
    schema: {
      tags,
      summary: 'One import: columns, suggested mapping, preview, progress and counts',
      params: idParams,
      response: { 200: importSchema, ...protectedErrors },
    },
    handler: (request) => imports.getImport(deps, actorOf(request), request.params.id),
  });

  api.post('/api/v1/imports/:id/run', {
    config: { access: 'imports.run' },
    schema: {
      tags,
      summary: 'Run an uploaded import (or a dry run) in the background; poll the import for progress',
      params: idParams,
      body: runInput,
      response: { 202: importSchema, ...protectedErrors },
    },
    handler: async (request, reply) =>
      reply.status(202).send(await runImport(deps, actorOf(request), request.params.id, request.body)),
  });

  api.get('/api/v1/imports/:id/errors', {
    config: { access: 'imports.run' },
    schema: {
      tags,
      summary: 'The rejected rows as CSV: line, column, reason, then the original columns',
      params: idParams,
      response: { 200: z.unknown().describe('the file'), ...protectedErrors },
    },
    handler: async (request, reply) => {
      const report = await imports.importErrorReport(deps, actorOf(request), request.params.id);
      return reply
        .type(contentTypes.csv)
        .header('content-disposition', attachment(report.fileName))
        .send(createReadStream(report.path));
    },
  });

  api.get('/api/v1/exports/:entity', {
    config: { access: 'exports.run' },
    schema: {
      tags: ['exports'],
      summary:
        'Export customers, orders, interactions or products in the import format (CSV with BOM, or XLSX)',
      params: exportParams,
      querystring: exportQuery,
      response: { 200: z.unknown().describe('the file'), ...protectedErrors },
    },
    handler: async (request, reply) => {
      const { entity } = request.params;
      const { format } = request.query;
      const day = deps.clock.now().toISOString().slice(0, 10).replaceAll('-', '');
      return reply
        .type(contentTypes[format])
        .header('content-disposition', attachment(`${entity}-${day}.${format}`))
        .send(imports.exportDownload(deps, actorOf(request), entity, format));
    },
  });
}
