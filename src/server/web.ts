import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { AppError } from '#src/shared/errors.ts';
import { sendProblem } from '#src/server/plugins/errors.ts';

/**
 * Serves the built web app. Hashed assets are cached for a year; every other path that is not under /api gets
 * index.html, so the browser's router shows the page (or its own not-found page).
 */
export async function registerWeb(app: FastifyInstance, webDir: string): Promise<void> {
  const hasWeb = existsSync(path.join(webDir, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: webDir,
      wildcard: false,
      index: false,
      // the build writes .br and .gz beside each asset; serve them to browsers that accept them
      preCompressed: true,
      setHeaders: (res, file) => {
        res.header(
          'cache-control',
          file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const isPage = !request.url.startsWith('/api') && (request.method === 'GET' || request.method === 'HEAD');
    if (isPage && hasWeb) return reply.header('cache-control', 'no-cache').sendFile('index.html');
    const detail = isPage
      ? 'the web app is not built: run npm run build'
      : `no route ${request.method} ${request.url.split('?')[0]}`;
    return sendProblem(request, reply, new AppError('request.not_found', detail));
  });
}
