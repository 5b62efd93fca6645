import type { Command } from 'commander';
import { cliConfig, CliError, EXIT_USAGE } from '#src/cli/context.ts';
import { startServer } from '#src/server/start.ts';

export function startCommand(program: Command): void {
  program
    .command('start')
    .description('start the Guanxi server (embedded database in --data unless DATABASE_URL is set)')
    .option('--port <n>', 'port to listen on (env PORT, default 3000)')
    .option('--host <h>', 'address to listen on (env HOST, default 127.0.0.1)')
    .option('--data <dir>', 'data directory of the embedded database (env GUANXI_DATA_DIR, default ./data)')
    .action(async (options: { port?: string; host?: string; data?: string }) => {
      const port = options.port === undefined ? undefined : Number(options.port);
      if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
        throw new CliError(`--port must be a port number (0-65535), not "${options.port}"`, EXIT_USAGE);
      }
      await startServer(
        cliConfig(options, {
          ...(port !== undefined && { port }),
          ...(options.host !== undefined && { host: options.host }),
        }),
      );
    });
}
