/** What a benchmark module (`bench/<name>.bench.ts`) exports as `benchmark`. */
export interface Benchmark {
  /** One line for `node bench/run.ts --list`. */
  description: string;
  run(ctx: BenchContext): Promise<BenchResult>;
}

export interface BenchContext {
  /** `--quick`: a smoke run of a few seconds per target; its figures are not worth quoting. */
  quick: boolean;
  /** `--key=value` options given to the runner, passed through to every benchmark. */
  options: Readonly<Record<string, string>>;
  /** Progress on stderr; stdout carries only the figures. */
  log(message: string): void;
  /** Registers an undo step (stop a server, drop a database, remove a directory); the last one runs first. */
  defer(what: string, undo: () => Promise<void> | void): void;
  /** Aborted on Ctrl-C or SIGTERM: stop starting new work. */
  signal: AbortSignal;
}

export type Cell = string | number | null;

export interface Table {
  title: string;
  columns: string[];
  rows: Cell[][];
}

export interface Ratio {
  name: string;
  /** Median of the per-round ratios (both sides measured in the same round), or null when not measured. */
  value: number | null;
  detail: string;
}

export interface BenchResult {
  tables: Table[];
  ratios: Ratio[];
  /** Context a reader needs: settings, what was skipped and why. */
  notes: string[];
  /** Failures seen while measuring (non-2xx responses, errors, timeouts): each one is a bug to report. */
  problems: string[];
  /** Everything measured, round by round, for the JSON result. */
  raw: unknown;
}
