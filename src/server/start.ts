import pino from 'pino';
import type { Config } from '#src/config.ts';
import { openForCli } from '#src/cli/context.ts';
import { buildApp } from '#src/server/app.ts';

/**
 * Starts Guanxi: opens and migrates the database, creates the first admin on an empty one, fails the imports a
 * killed process left running and removes old uploads (then every minute: imports.upkeep.ts), listens, and on
 * SIGTERM/SIGINT stops accepting, lets in-flight requests finish, then closes the database cleanly.
 */
export async function startServer(config: Config): Promise<void> {
  const logger = pino({ level: config.logLevel });
  const { database } = await openForCli(config, config.logLevel);
  const app = await buildApp({ database, config, logger, upkeep: true });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      logger.warn(`${signal} again: exiting without waiting`);
      process.exit(1);
    }
    stopping = true;
    logger.info(`${signal}: finishing in-flight requests, then closing the database`);
    try {
      await app.close();
      await database.close();
      logger.info('stopped cleanly');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'error while stopping');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await database.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const running = `Guanxi ${config.version} on ${database.kind} (${database.location}) at http://${config.host}:${port}`;
  logger.info(running);
  // the log is JSON for machines; say it plainly too for the person who just typed npm start
  process.stderr.write(`${running} — stop with Ctrl-C\n`);
}
