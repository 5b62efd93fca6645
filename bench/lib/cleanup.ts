import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

interface Step {
  what: string;
  undo: () => Promise<void> | void;
}

/**
 * Undo steps of one benchmark, run last-first. Draining is serialised, so the runner's `finally` and a
 * Ctrl-C handler can both call `drain()`; a step registered while draining still runs.
 */
export class CleanupStack {
  readonly #steps: Step[] = [];
  #chain: Promise<void> = Promise.resolve();

  push(what: string, undo: () => Promise<void> | void): void {
    this.#steps.push({ what, undo });
  }

  drain(log: (message: string) => void): Promise<void> {
    this.#chain = this.#chain.then(async () => {
      for (let step = this.#steps.pop(); step; step = this.#steps.pop()) {
        try {
          await step.undo();
        } catch (error) {
          log(`cleanup "${step.what}" failed: ${(error as Error).message}`);
        }
      }
    });
    return this.#chain;
  }
}

// Last resort when the runner exits without draining (a second Ctrl-C, an uncaught error): kill the child
// processes it started and remove its temp directories, synchronously, from the 'exit' handler.
const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();

/** Kills the child on exit if it is still running then. */
export function trackChild(child: ChildProcess): void {
  children.add(child);
  child.once('exit', () => children.delete(child));
}

/** Removes the directory on exit unless `forgetTempDir` was called after removing it properly. */
export function trackTempDir(dir: string): void {
  tempDirs.add(dir);
}

export function forgetTempDir(dir: string): void {
  tempDirs.delete(dir);
}

export function killTrackedChildren(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

process.on('exit', () => {
  killTrackedChildren();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary directory for one benchmark, removed when it ends (or on exit, should it not end cleanly). */
export async function benchTempDir(
  ctx: { defer(what: string, undo: () => Promise<void> | void): void },
  prefix: string,
): Promise<string> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), prefix));
  trackTempDir(tmp);
  ctx.defer(`remove ${tmp}`, async () => {
    await rm(tmp, { recursive: true, force: true });
    forgetTempDir(tmp);
  });
  return tmp;
}
