import { spawn, type SpawnOptions } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { trackChild } from './cleanup.ts';

export interface CommandResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion (no shell), killed on abort; the caller decides what a non-zero exit means. */
export function runCommand(
  file: string,
  args: readonly string[],
  options: SpawnOptions & { signal?: AbortSignal } = {},
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    trackChild(child);
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Runs a command and throws with its output when it does not exit 0. */
export async function runChecked(
  file: string,
  args: readonly string[],
  options: SpawnOptions & { signal?: AbortSignal } = {},
): Promise<CommandResult> {
  const result = await runCommand(file, args, options);
  if (result.code !== 0) {
    throw new Error(
      `${file} ${args.join(' ')} exited with ${result.code ?? result.signal}:\n${(result.stderr || result.stdout).trim()}`,
    );
  }
  return result;
}

/** CPU seconds (user + system, all threads) a process has used so far, from /proc; null where there is none. */
export function cpuSeconds(pid: number, ticksPerSecond: number): number | null {
  try {
    // fields after the command name, which is in parentheses and may contain spaces
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  } catch {
    return null;
  }
}

/** Clock ticks per second, the unit of /proc/<pid>/stat times (100 on Linux unless built otherwise). */
export async function clockTicksPerSecond(): Promise<number> {
  try {
    const ticks = Number((await runCommand('getconf', ['CLK_TCK'])).stdout.trim());
    return Number.isInteger(ticks) && ticks > 0 ? ticks : 100;
  } catch {
    return 100;
  }
}
