import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';

/**
 * PGlite has no locking of its own: two processes on one data directory corrupt it silently (DESIGN §1).
 * We hold `guanxi.lock` (created exclusively) for as long as the database is open. A lock left by a process
 * that died (kill -9, power loss) is recognised by its pid and process start time and taken over.
 */
export class DataDirLockedError extends Error {
  readonly holderPid: number;
  constructor(dir: string, pid: number) {
    super(
      `The data directory ${dir} is in use by another Guanxi process (pid ${pid}). ` +
        'Only one process may open an embedded database: stop that process, or run this command ' +
        'against the running server with --url and --token.',
    );
    this.name = 'DataDirLockedError';
    this.holderPid = pid;
  }
}

interface LockOwner {
  pid: number;
  startTime: string | null;
}

/** The kernel's start time of a process (field 22 of /proc/PID/stat), to tell a reused pid apart. */
function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function isAlive(owner: LockOwner): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const startTime = processStartTime(owner.pid);
  return owner.startTime === null || startTime === null || startTime === owner.startTime;
}

export interface DataDirLock {
  release(): void;
}

export function lockDataDir(dir: string): DataDirLock {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'guanxi.lock');
  const me: LockOwner = { pid: process.pid, startTime: processStartTime(process.pid) };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          try {
            unlinkSync(file);
          } catch {
            // already gone: nothing to release
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let owner: LockOwner | null = null;
    try {
      owner = JSON.parse(readFileSync(file, 'utf8')) as LockOwner;
    } catch {
      // unreadable or half-written lock: its writer died between create and write
    }
    if (owner && owner.pid === process.pid && owner.startTime === me.startTime) {
      throw new DataDirLockedError(dir, owner.pid);
    }
    if (owner && isAlive(owner)) throw new DataDirLockedError(dir, owner.pid);
    try {
      unlinkSync(file);
    } catch {
      // someone else removed the stale lock first; try again
    }
  }
  throw new Error(`Could not take the lock on ${dir}`);
}
