import type { FastifyInstance } from 'fastify';
import {
  duplicateCandidateSchema,
  duplicateListQuery,
  duplicatePage,
  duplicateScanResult,
  mergeInput,
  mergeResult,
  possibleDuplicatePage,
} from '#src/modules/customers/customers.schema.ts';
import { mergeCustomers } from '#src/modules/customers/customers.merge.ts';
import * as duplicates from '#src/modules/customers/duplicates.service.ts';
import { idParams } from '#src/modules/users/users.schema.ts';
import { actorOf } from '#src/server/plugins/auth.ts';
import { protectedErrors, typed } from '#src/server/route-kit.ts';
import type { Deps } from '#src/shared/context.ts';

/** Duplicate candidates and merge (issue 4, item 8). */
export function registerDuplicateRoutes(app: FastifyInstance, deps: Deps): void {
  const api = typed(app);
  const tags = ['customers'];

  api.post('/api/v1/customers/duplicates/scan', {
    config: { access: 'customers.merge' },
    schema: {
      tags,
      summary: 'Look for duplicate customers and record them for review',
      response: { 200: duplicateScanResult, ...protectedErrors },
    },
    handler: (request) => duplicates.scanDuplicates(deps, actorOf(request)),
  });

  api.get('/api/v1/customers/duplicates', {
    config: { access: 'customers.merge' },
    schema: {
      tags,
      summary: 'Duplicate candidates to review, likeliest first',
      querystring: duplicateListQuery,
      response: { 200: duplicatePage, ...protectedErrors },
    },
    handler: (request) => duplicates.listDuplicates(deps, actorOf(request), request.query),
  });

  api.post('/api/v1/customers/duplicates/:id/dismiss', {
    config: { access: 'customers.merge' },
    schema: {
      tags,
      summary: 'Mark a candidate pair as two different customers',
      params: idParams,
      response: { 200: duplicateCandidateSchema, ...protectedErrors },
    },
    handler: (request) => duplicates.dismissDuplicate(deps, actorOf(request), request.params.id),
  });

  api.get('/api/v1/customers/:id/duplicates', {
    config: { access: 'customers.read' },
    schema: {
      tags,
      summary: 'Possible duplicates of one customer, found now (nothing is recorded; scan to review them)',
      params: idParams,
      response: { 200: possibleDuplicatePage, ...protectedErrors },
    },
    handler: (request) => duplicates.possibleDuplicates(deps, actorOf(request), request.params.id),
  });

  api.post('/api/v1/customers/merge', {
    config: { access: 'customers.merge' },
    schema: {
      tags,
      summary: 'Merge customers into a survivor: their history, links and tags move to it',
      body: mergeInput,
      response: { 200: mergeResult, ...protectedErrors },
    },
    handler: (request) => mergeCustomers(deps, actorOf(request), request.body),
  });
}
