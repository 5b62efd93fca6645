import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const webDir = path.join(root, 'web');
const builtIndex = path.join(webDir, 'dist', 'index.html');

/** The newest modification time among the files the web build reads. */
function newestSource(): number {
  let newest = 0;
  const visit = (entry: string) => {
    const stat = statSync(entry);
    if (stat.isDirectory()) {
      for (const name of readdirSync(entry)) visit(path.join(entry, name));
    } else {
      newest = Math.max(newest, stat.mtimeMs);
    }
  };
  for (const entry of ['src', 'index.html', 'vite.config.ts']) visit(path.join(webDir, entry));
  for (const shared of ['src/shared', 'src/modules']) visit(path.join(root, shared));
  return newest;
}

/** Builds web/dist when it is missing or older than its sources: the server under test serves it. */
export default function setup(): void {
  mkdirSync(path.join(root, 'test-results', 'screenshots'), { recursive: true });
  if (existsSync(builtIndex) && statSync(builtIndex).mtimeMs >= newestSource()) return;
  const result = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts'], {
    cwd: root,
    stdio: 'inherit',
    // Vitest sets NODE_ENV=test, which would make Vite build React and antd in development mode.
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) throw new Error(`web build failed (exit ${result.status ?? result.signal})`);
}
