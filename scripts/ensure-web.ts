// Builds the web app when web/dist is missing or older than its sources, so `npm start` always serves the
// current pages without rebuilding on every start.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const built = path.join(root, 'web', 'dist', 'index.html');

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(entry).reduce(
    (newest, name) => Math.max(newest, newestMtime(path.join(entry, name))),
    stat.mtimeMs,
  );
}

export function webIsStale(): boolean {
  if (!existsSync(built)) return true;
  const sources = [
    'web/src',
    'web/index.html',
    'web/vite.config.ts',
    'web/public',
    'src/modules',
    'src/shared',
    'package-lock.json',
  ];
  const newestSource = Math.max(...sources.map((s) => newestMtime(path.join(root, s))));
  return newestSource > statSync(built).mtimeMs;
}

export function ensureWeb(): void {
  if (!webIsStale()) return;
  process.stderr.write('Building the web app (web/dist is missing or older than its sources)…\n');
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(
    process.execPath,
    [vite, 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (result.status !== 0) {
    process.stderr.write('The web build failed; see above.\n');
    process.exit(result.status ?? 1);
  }
}

if (import.meta.main) ensureWeb();
