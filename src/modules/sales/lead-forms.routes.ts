import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { deleteQuery, idParams } from '#src/modules/interactions/interactions.schema.ts';
import {
  leadFormCreateInput,
  leadFormList,
  leadFormSchema,
  leadFormSubmission,
  leadFormUpdateInput,
  publicLeadFormSchema,
  slugParams,
  submissionReceiptSchema,
} from '#src/modules/sales/lead-forms.schema.ts';
import * as forms from '#src/modules/sales/lead-forms.service.ts';
import { actorOf } from '#src/server/plugins/auth.ts';
import { protectedErrors, typed } from '#src/server/route-kit.ts';
import type { Deps } from '#src/shared/context.ts';
import { AppError } from '#src/shared/errors.ts';
import { problemSchema } from '#src/shared/schema.ts';

/** Submissions one client address may send to one form (DESIGN §5: public routes are rate-limited). */
export const SUBMISSIONS_PER_WINDOW = 5;
export const SUBMISSION_WINDOW = '10 minutes';

const publicErrors = { 400: problemSchema, 404: problemSchema, 429: problemSchema } as const;

const slugOf = (request: FastifyRequest) =>
  String((request.params as { slug?: string }).slug ?? '').toLowerCase();

/** Lead forms: staff configure them; anyone may read an active one and submit it (rate-limited per address). */
export function registerLeadFormRoutes(app: FastifyInstance, deps: Deps): void {
  const api = typed(app);
  const tags = ['leads'];
  const access = 'sales.configure';

  api.get('/api/v1/lead-forms', {
    config: { access },
    schema: { tags, summary: 'The lead forms', response: { 200: leadFormList, ...protectedErrors } },
    handler: () => forms.listLeadForms(deps),
  });

  api.get('/api/v1/lead-forms/:id', {
    config: { access },
    schema: {
      tags,
      summary: 'One lead form',
      params: idParams,
      response: { 200: leadFormSchema, ...protectedErrors },
    },
    handler: (request) => forms.getLeadForm(deps, request.params.id),
  });

  api.post('/api/v1/lead-forms', {
    config: { access },
    schema: {
      tags,
      summary: 'Create a lead form, published at /forms/<slug> while active',
      body: leadFormCreateInput,
      response: { 201: leadFormSchema, ...protectedErrors },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await forms.createLeadForm(deps, actorOf(request), request.body)),
  });

  api.patch('/api/v1/lead-forms/:id', {
    config: { access },
    schema: {
      tags,
      summary: 'Change a lead form',
      params: idParams,
      body: leadFormUpdateInput,
      response: { 200: leadFormSchema, ...protectedErrors },
    },
    handler: (request) => forms.updateLeadForm(deps, actorOf(request), request.params.id, request.body),
  });

  api.delete('/api/v1/lead-forms/:id', {
    config: { access },
    schema: {
      tags,
      summary: 'Delete a lead form no lead came from (else deactivate it)',
      params: idParams,
      querystring: deleteQuery,
      response: { 204: z.null(), ...protectedErrors },
    },
    handler: async (request, reply) => {
      await forms.deleteLeadForm(deps, actorOf(request), request.params.id, request.query.version);
      return reply.status(204).send(null);
    },
  });

  api.get('/api/public/lead-forms/:slug', {
    config: {
      access: 'public',
      rateLimit: { max: 120, timeWindow: '1 minute', keyGenerator: (request) => request.ip },
    },
    schema: {
      tags,
      summary: 'An active form for visitors, with a signed render token (public)',
      params: slugParams,
      response: { 200: publicLeadFormSchema, ...publicErrors },
    },
    handler: async (request, reply) => {
      // the token dates this rendering: a cached copy would carry an old one
      void reply.header('cache-control', 'no-store');
      return forms.publicLeadForm(deps, request.params.slug);
    },
  });

  api.post('/api/public/lead-forms/:slug', {
    config: {
      access: 'public',
      rateLimit: {
        max: SUBMISSIONS_PER_WINDOW,
        timeWindow: SUBMISSION_WINDOW,
        // per address AND form: one busy office does not lock out another form
        keyGenerator: (request) => `${request.ip}|${slugOf(request)}`,
        errorResponseBuilder: (_request, context) =>
          new AppError(
            'lead_form.rate_limited',
            `at most ${context.max} submissions per ${context.after} from one address; try again later`,
            { headers: { 'retry-after': String(Math.ceil(context.ttl / 1000)) } },
          ),
      },
    },
    schema: {
      tags,
      summary: 'Submit a form: it becomes a lead, assigned and scored (public, rate-limited per address)',
      params: slugParams,
      body: leadFormSubmission,
      response: { 201: submissionReceiptSchema, ...publicErrors },
    },
    handler: async (request, reply) =>
      reply.status(201).send(
        await forms.submitLeadForm(deps, request.params.slug, request.body, {
          ip: request.ip,
          requestId: request.id,
        }),
      ),
  });
}
