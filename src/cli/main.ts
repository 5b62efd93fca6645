import { Command, CommanderError } from 'commander';
import { packageVersion } from '#src/config.ts';
import { analyzeCommand } from '#src/cli/analyze.ts';
import { CliError, EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from '#src/cli/context.ts';
import { demoCommand } from '#src/cli/demo.ts';
import { exportCommand } from '#src/cli/export.ts';
import { importCommand } from '#src/cli/import.ts';
import { migrateCommand } from '#src/cli/migrate.ts';
import { startCommand } from '#src/cli/start.ts';
import { statsCommand } from '#src/cli/stats.ts';
import { userCommand } from '#src/cli/user.ts';

/** `guanxi` — one file per command; exit 0 ok, 1 failure, 2 bad invocation. */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('guanxi')
    .description('Guanxi (关系), an open-source CRM')
    .version(packageVersion)
    .exitOverride()
    .configureOutput({ outputError: (message, write) => write(message) });
  startCommand(program);
  migrateCommand(program);
  userCommand(program);
  importCommand(program);
  exportCommand(program);
  demoCommand(program);
  statsCommand(program);
  analyzeCommand(program);
  for (const command of [program, ...program.commands, ...program.commands.flatMap((c) => c.commands)])
    command.exitOverride();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      )
        return EXIT_OK;
      return EXIT_USAGE;
    }
    if (error instanceof CliError) {
      process.stderr.write(`guanxi: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(`guanxi: ${(error as Error).stack ?? String(error)}\n`);
    return EXIT_FAILURE;
  }
}
