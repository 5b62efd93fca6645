import type { Command } from 'commander';
import { cliConfig, openForCli } from '#src/cli/context.ts';

export function migrateCommand(program: Command): void {
  program
    .command('migrate')
    .description(
      'bring the database schema up to date (every command also does this when it opens the database)',
    )
    .option('--data <dir>', 'data directory of the embedded database (env GUANXI_DATA_DIR)')
    .action(async (options: { data?: string }) => {
      const { database } = await openForCli(cliConfig(options));
      try {
        const applied = database.applied.length
          ? `applied ${database.applied.join(', ')}`
          : 'already up to date';
        process.stdout.write(`Schema of ${database.kind} (${database.location}): ${applied}.\n`);
      } finally {
        await database.close();
      }
    });
}
