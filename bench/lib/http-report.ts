import type { Engine } from './guanxi-server.ts';
import { figure, median, medianRatio } from './stats.ts';
import type { BenchResult, Ratio, Table } from './types.ts';

export interface Target {
  id: string;
  label: string;
  engine: Engine;
  kind: 'http' | 'pgbench';
}

/** One measured round of one target. pgbench has no percentiles or process CPU here, hence the nulls. */
export interface RoundFigures {
  /** Requests (HTTP) or transactions (pgbench) per second. */
  perSecond: number;
  p50Ms: number | null;
  p99Ms: number | null;
  meanMs: number | null;
  count: number;
  failures: number;
  /** CPU the Guanxi process (all threads, PGlite's worker included) spent per request. */
  serverCpuMsPerRequest: number | null;
  serverCores: number | null;
  /** CPU of this process, i.e. autocannon generating the load. */
  clientCores: number | null;
  /** Cores busy on the whole machine, every process included (others' work too). */
  boxCores: number | null;
}

export interface Measured {
  target: Target;
  rounds: RoundFigures[];
}

const medianOf = (m: Measured, pick: (r: RoundFigures) => number | null): number | null =>
  median(m.rounds.map(pick).filter((v): v is number => v !== null));

export function httpReport(
  measured: Measured[],
  extra: { notes: string[]; problems: string[]; settings: unknown },
): BenchResult {
  const rounds = measured[0]?.rounds.length ?? 0;
  const table: Table = {
    title: `Throughput and latency, median of ${rounds} round${rounds === 1 ? '' : 's'}`,
    columns: [
      'engine',
      'target',
      'req/s',
      'req/s min–max',
      'p50 ms',
      'p99 ms',
      'mean ms',
      'server CPU ms/req',
      'server cores',
      'autocannon cores',
      'machine cores busy',
      'failed',
    ],
    rows: measured.map((m) => {
      const perSecond = m.rounds.map((r) => r.perSecond);
      return [
        m.target.engine,
        m.target.label,
        figure(medianOf(m, (r) => r.perSecond)),
        perSecond.length ? `${figure(Math.min(...perSecond))}–${figure(Math.max(...perSecond))}` : null,
        figure(medianOf(m, (r) => r.p50Ms)),
        figure(medianOf(m, (r) => r.p99Ms)),
        figure(medianOf(m, (r) => r.meanMs)),
        figure(medianOf(m, (r) => r.serverCpuMsPerRequest)),
        figure(medianOf(m, (r) => r.serverCores)),
        figure(medianOf(m, (r) => r.clientCores)),
        figure(medianOf(m, (r) => r.boxCores)),
        m.rounds.reduce((sum, r) => sum + r.failures, 0),
      ];
    }),
  };

  const byId = new Map(measured.map((m) => [m.target.id, m]));
  const ratios: Ratio[] = [];
  const ratio = (
    name: string,
    a: string,
    b: string,
    detail: string,
    pick = (r: RoundFigures) => r.perSecond,
  ) => {
    const x = byId.get(a);
    const y = byId.get(b);
    if (!x || !y) return;
    const value = medianRatio(
      x.rounds.map((r) => pick(r) ?? NaN),
      y.rounds.map((r) => pick(r) ?? NaN),
    );
    ratios.push({ name, value, detail });
  };
  ratio(
    'postgres users?limit=50 req/s ÷ pgbench -S tps',
    'postgres:users50',
    'pgbench',
    'share of the ceiling of single-SELECT round trips that this PostgreSQL serves on this machine',
  );
  ratio(
    'pglite ÷ postgres, users?limit=50 req/s',
    'pglite:users50',
    'postgres:users50',
    'the embedded engine against the server',
  );
  ratio(
    'pglite ÷ postgres, users?limit=1 req/s',
    'pglite:users1',
    'postgres:users1',
    'same, with almost no rows to fetch',
  );
  ratio(
    'pglite ÷ postgres, health req/s',
    'pglite:health',
    'postgres:health',
    'no database involved: should be ≈ 1 (noise check)',
  );
  for (const engine of ['pglite', 'postgres']) {
    ratio(
      `${engine}: users?limit=50 ÷ health req/s`,
      `${engine}:users50`,
      `${engine}:health`,
      'what auth + query + 50 rows cost against bare HTTP',
    );
    ratio(
      `${engine}: users?limit=50 ÷ limit=1 req/s`,
      `${engine}:users50`,
      `${engine}:users1`,
      'what 49 more rows cost',
    );
  }
  ratio(
    'pglite ÷ postgres, users?limit=50 server CPU ms/req',
    'pglite:users50',
    'postgres:users50',
    'PGlite does the SQL work in-process; PostgreSQL does it in its own processes (not counted)',
    (r) => r.serverCpuMsPerRequest ?? NaN,
  );

  return {
    tables: [table],
    ratios,
    notes: extra.notes,
    problems: extra.problems,
    raw: { settings: extra.settings, measured },
  };
}
