import type { Clock } from '#src/shared/context.ts';
import { AppError } from '#src/shared/errors.ts';

/**
 * Failed-login limits per account and per client address, in memory (one Guanxi process per database on the
 * embedded engine; behind several PostgreSQL-backed processes each counts its own share). A successful
 * login clears the account's count.
 */
export class LoginLimiter {
  readonly #failures = new Map<string, number[]>();
  readonly #clock: Clock;
  readonly #windowMs: number;
  readonly #perAccount: number;
  readonly #perAddress: number;

  constructor(clock: Clock, options: { windowMs?: number; perAccount?: number; perAddress?: number } = {}) {
    this.#clock = clock;
    this.#windowMs = options.windowMs ?? 15 * 60_000;
    this.#perAccount = options.perAccount ?? 5;
    this.#perAddress = options.perAddress ?? 30;
  }

  #recent(key: string): number[] {
    const since = this.#clock.now().getTime() - this.#windowMs;
    const times = (this.#failures.get(key) ?? []).filter((t) => t > since);
    if (times.length === 0) this.#failures.delete(key);
    else this.#failures.set(key, times);
    return times;
  }

  /** Throws 429 while the account or the address has used up its failed attempts. */
  check(email: string, ip: string): void {
    for (const [key, limit] of [
      [`account:${email}`, this.#perAccount],
      [`ip:${ip}`, this.#perAddress],
    ] as const) {
      const times = this.#recent(key);
      if (times.length >= limit) {
        const retryAfter = Math.ceil((times[0]! + this.#windowMs - this.#clock.now().getTime()) / 1000);
        throw new AppError('auth.rate_limited', 'too many failed logins; try again later', {
          headers: { 'retry-after': String(Math.max(retryAfter, 1)) },
        });
      }
    }
  }

  fail(email: string, ip: string): void {
    const now = this.#clock.now().getTime();
    for (const key of [`account:${email}`, `ip:${ip}`]) this.#failures.set(key, [...this.#recent(key), now]);
  }

  succeed(email: string): void {
    this.#failures.delete(`account:${email}`);
  }
}
