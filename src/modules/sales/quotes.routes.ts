import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { actorOf } from '#src/server/plugins/auth.ts';
import { protectedErrors, typed } from '#src/server/route-kit.ts';
import type { Deps } from '#src/shared/context.ts';
import { localeFromHeader } from '#src/shared/error-titles.ts';
import { problemSchema } from '#src/shared/schema.ts';
import { deleteQuery, idParams } from '#src/modules/interactions/interactions.schema.ts';
import * as actions from '#src/modules/sales/quotes.actions.ts';
import {
  quoteCreateInput,
  quoteDetailSchema,
  quoteListQuery,
  quotePage,
  quotePdfQuery,
  quoteRejectInput,
  quoteReviseInput,
  quoteUpdateInput,
  quoteVersionInput,
} from '#src/modules/sales/quotes.schema.ts';
import * as quotes from '#src/modules/sales/quotes.service.ts';

/** Quotes, their PDF and their acceptance as orders (issue 6). Who sees a quote: quotes.service.ts. */
export function registerQuoteRoutes(app: FastifyInstance, deps: Deps): void {
  const api = typed(app);
  const tags = ['quotes'];
  const read = { access: 'sales.read' } as const;
  const write = { access: 'sales.write' } as const;

  api.get('/api/v1/quotes', {
    config: read,
    schema: {
      tags,
      summary: 'List quotes you may see, newest first (superseded revisions only when asked by status)',
      querystring: quoteListQuery,
      response: { 200: quotePage, ...protectedErrors },
    },
    handler: (request) => quotes.listQuotes(deps, actorOf(request), request.query),
  });

  api.get('/api/v1/quotes/:id', {
    config: read,
    schema: {
      tags,
      summary: 'One quote with its lines and all revisions of its number',
      params: idParams,
      response: { 200: quoteDetailSchema, ...protectedErrors },
    },
    handler: (request) => quotes.getQuote(deps, actorOf(request), request.params.id),
  });

  api.get('/api/v1/quotes/:id/pdf', {
    config: read,
    schema: {
      tags,
      summary: 'The quote as a PDF (lang, default from Accept-Language); 503 when Chinese text has no font',
      params: idParams,
      querystring: quotePdfQuery,
      response: { 200: z.unknown().describe('application/pdf'), ...protectedErrors, 503: problemSchema },
    },
    handler: async (request, reply) => {
      const lang = request.query.lang ?? localeFromHeader(request.headers['accept-language']);
      const pdf = await quotes.quotePdf(deps, actorOf(request), request.params.id, lang);
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="${pdf.fileName}"`)
        .send(pdf.body);
    },
  });

  api.post('/api/v1/quotes', {
    config: write,
    schema: {
      tags,
      summary: 'Create a draft quote from catalogue products',
      body: quoteCreateInput,
      response: { 201: quoteDetailSchema, ...protectedErrors },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await quotes.createQuote(deps, actorOf(request), request.body)),
  });

  api.patch('/api/v1/quotes/:id', {
    config: write,
    schema: {
      tags,
      summary: 'Change a draft quote (items replace the old ones)',
      params: idParams,
      body: quoteUpdateInput,
      response: { 200: quoteDetailSchema, ...protectedErrors },
    },
    handler: (request) => quotes.updateQuote(deps, actorOf(request), request.params.id, request.body),
  });

  api.delete('/api/v1/quotes/:id', {
    config: write,
    schema: {
      tags,
      summary: 'Delete a draft quote',
      params: idParams,
      querystring: deleteQuery,
      response: { 204: z.null(), ...protectedErrors },
    },
    handler: async (request, reply) => {
      await quotes.deleteQuote(deps, actorOf(request), request.params.id, request.query.version);
      return reply.status(204).send(null);
    },
  });

  api.post('/api/v1/quotes/:id/send', {
    config: write,
    schema: {
      tags,
      summary: 'Mark a draft quote as sent to the customer',
      params: idParams,
      body: quoteVersionInput,
      response: { 200: quoteDetailSchema, ...protectedErrors },
    },
    handler: (request) => actions.sendQuote(deps, actorOf(request), request.params.id, request.body),
  });

  api.post('/api/v1/quotes/:id/revise', {
    config: write,
    schema: {
      tags,
      summary: 'Make a new draft revision of a sent, rejected or expired quote (the old one is superseded)',
      params: idParams,
      body: quoteReviseInput,
      response: { 200: quoteDetailSchema, ...protectedErrors },
    },
    handler: (request) => actions.reviseQuote(deps, actorOf(request), request.params.id, request.body),
  });

  api.post('/api/v1/quotes/:id/accept', {
    config: write,
    schema: {
      tags,
      summary: 'Accept a quote: books its order (amount = the quote total, VAT included) in the same step',
      params: idParams,
      body: quoteVersionInput,
      response: { 200: quoteDetailSchema, ...protectedErrors },
    },
    handler: (request) => actions.acceptQuote(deps, actorOf(request), request.params.id, request.body),
  });

  api.post('/api/v1/quotes/:id/reject', {
    config: write,
    schema: {
      tags,
      summary: 'Record that the customer rejected a sent quote, with the reason',
      params: idParams,
      body: quoteRejectInput,
      response: { 200: quoteDetailSchema, ...protectedErrors },
    },
    handler: (request) => actions.rejectQuote(deps, actorOf(request), request.params.id, request.body),
  });
}
