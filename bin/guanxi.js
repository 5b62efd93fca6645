#!/usr/bin/env node
// Launcher for the `guanxi` command. Guanxi runs its TypeScript sources directly on Node's type stripping
// (Node >= 22.18, pinned to 24 LTS in package.json), so there is no server build step.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `guanxi needs Node 22.18 or newer (this is ${process.version}). Run it through npm (npm start, npx guanxi), ` +
      'which uses the Node 24 that npm ci installs into node_modules/.bin.\n',
  );
  process.exit(1);
}
const { main } = await import('../src/cli/main.ts');
const code = await main(process.argv.slice(2));
// `start` keeps running; every other command exits with its code.
if (process.argv[2] !== 'start' || code !== 0) process.exit(code);
