import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { actorOf } from '#src/server/plugins/auth.ts';
import { protectedErrors, typed } from '#src/server/route-kit.ts';
import type { Deps } from '#src/shared/context.ts';
import {
  boardColumnQuery,
  boardQuery,
  boardSchema,
  opportunityPage,
} from '#src/modules/sales/opportunities.schema.ts';
import { getBoard, getBoardColumn } from '#src/modules/sales/opportunities.board.ts';
import {
  pipelineCreateInput,
  pipelineDeleteQuery,
  pipelineListSchema,
  pipelineParams,
  pipelineSchema,
  pipelineUpdateInput,
  stageCreateInput,
  stageOrderInput,
  stageParams,
  stageUpdateInput,
} from '#src/modules/sales/pipelines.schema.ts';
import * as pipelines from '#src/modules/sales/pipelines.service.ts';
import * as stages from '#src/modules/sales/pipelines.stages.ts';

/** Pipelines, their stages and the board (issue 6). Everyone in sales reads them; managers and admins configure. */
export function registerPipelineRoutes(app: FastifyInstance, deps: Deps): void {
  const api = typed(app);
  const tags = ['pipelines'];

  api.get('/api/v1/pipelines', {
    config: { access: 'sales.read' },
    schema: {
      tags,
      summary: 'Every pipeline with its stages',
      response: { 200: pipelineListSchema, ...protectedErrors },
    },
    handler: () => pipelines.listPipelines(deps),
  });

  api.get('/api/v1/pipelines/:id', {
    config: { access: 'sales.read' },
    schema: {
      tags,
      summary: 'One pipeline with its stages',
      params: pipelineParams,
      response: { 200: pipelineSchema, ...protectedErrors },
    },
    handler: (request) => pipelines.getPipeline(deps, request.params.id),
  });

  api.post('/api/v1/pipelines', {
    config: { access: 'sales.configure' },
    schema: {
      tags,
      summary: 'Create a pipeline with its stages',
      body: pipelineCreateInput,
      response: { 201: pipelineSchema, ...protectedErrors },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await pipelines.createPipeline(deps, actorOf(request), request.body)),
  });

  api.patch('/api/v1/pipelines/:id', {
    config: { access: 'sales.configure' },
    schema: {
      tags,
      summary: 'Rename, archive or make a pipeline the default',
      params: pipelineParams,
      body: pipelineUpdateInput,
      response: { 200: pipelineSchema, ...protectedErrors },
    },
    handler: (request) => pipelines.updatePipeline(deps, actorOf(request), request.params.id, request.body),
  });

  api.delete('/api/v1/pipelines/:id', {
    config: { access: 'sales.configure' },
    schema: {
      tags,
      summary: 'Delete a pipeline no opportunity is in',
      params: pipelineParams,
      querystring: pipelineDeleteQuery,
      response: { 204: z.null(), ...protectedErrors },
    },
    handler: async (request, reply) => {
      await pipelines.deletePipeline(deps, actorOf(request), request.params.id, request.query.version);
      return reply.status(204).send(null);
    },
  });

  api.post('/api/v1/pipelines/:id/stages', {
    config: { access: 'sales.configure' },
    schema: {
      tags,
      summary: 'Add an open stage',
      params: pipelineParams,
      body: stageCreateInput,
      response: { 201: pipelineSchema, ...protectedErrors },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await stages.addStage(deps, actorOf(request), request.params.id, request.body)),
  });

  api.post('/api/v1/pipelines/:id/stages/order', {
    config: { access: 'sales.configure' },
    schema: {
      tags,
      summary: 'Put the open stages in a new order',
      params: pipelineParams,
      body: stageOrderInput,
      response: { 200: pipelineSchema, ...protectedErrors },
    },
    handler: (request) => stages.reorderStages(deps, actorOf(request), request.params.id, request.body),
  });

  api.patch('/api/v1/pipelines/:id/stages/:stageId', {
    config: { access: 'sales.configure' },
    schema: {
      tags,
      summary: 'Rename a stage, change its probability or kind',
      params: stageParams,
      body: stageUpdateInput,
      response: { 200: pipelineSchema, ...protectedErrors },
    },
    handler: (request) =>
      stages.updateStage(deps, actorOf(request), request.params.id, request.params.stageId, request.body),
  });

  api.delete('/api/v1/pipelines/:id/stages/:stageId', {
    config: { access: 'sales.configure' },
    schema: {
      tags,
      summary: 'Delete an open stage no opportunity is in',
      params: stageParams,
      querystring: pipelineDeleteQuery,
      response: { 204: z.null(), ...protectedErrors },
    },
    handler: async (request, reply) => {
      await stages.deleteStage(
        deps,
        actorOf(request),
        request.params.id,
        request.params.stageId,
        request.query.version,
      );
      return reply.status(204).send(null);
    },
  });

  api.get('/api/v1/pipelines/:id/board', {
    config: { access: 'sales.read' },
    schema: {
      tags,
      summary: 'The board: per stage its totals and first cards',
      params: pipelineParams,
      querystring: boardQuery,
      response: { 200: boardSchema, ...protectedErrors },
    },
    handler: (request) => getBoard(deps, actorOf(request), request.params.id, request.query),
  });

  api.get('/api/v1/pipelines/:id/board/:stageId', {
    config: { access: 'sales.read' },
    schema: {
      tags,
      summary: 'More cards of one board column',
      params: stageParams,
      querystring: boardColumnQuery,
      response: { 200: opportunityPage, ...protectedErrors },
    },
    handler: (request) =>
      getBoardColumn(deps, actorOf(request), request.params.id, request.params.stageId, request.query),
  });
}
