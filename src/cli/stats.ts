import type { Command } from 'commander';
import { cliActor, cliConfig, openForCli } from '#src/cli/context.ts';
import { rebuildStats } from '#src/modules/orders/orders.service.ts';

/** `guanxi stats rebuild` recomputes customer_stats (DESIGN §4). */
export function statsCommand(program: Command): void {
  const stats = program.command('stats').description('per-customer order summaries (customer_stats)');
  stats
    .command('rebuild')
    .description(
      "recompute every order's calendar day in the business time zone (GUANXI_TZ) and every customer summary; " +
        'run it after changing GUANXI_TZ',
    )
    .option('--data <dir>', 'data directory of the embedded database (env GUANXI_DATA_DIR)')
    .action(async (options: { data?: string }) => {
      const { database, deps } = await openForCli(cliConfig(options));
      try {
        const { customers } = await rebuildStats(deps, cliActor());
        process.stdout.write(
          `Rebuilt customer_stats: ${customers} customer${customers === 1 ? '' : 's'} with purchases ` +
            `(time zone ${deps.config.timeZone}).\n`,
        );
      } finally {
        await database.close();
      }
    });
}
