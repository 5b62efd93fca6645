import { describe, expect, it } from 'vitest';
import { LoginLimiter } from '#src/modules/users/login-limiter.ts';
import type { AppError } from '#src/shared/errors.ts';
import { MINUTE, TestClock } from '#test/support/clock.ts';

const refusal = (limiter: LoginLimiter, email: string, ip: string) => {
  try {
    limiter.check(email, ip);
    return null;
  } catch (error) {
    return error as AppError;
  }
};

describe('the login limiter', () => {
  it('refuses an account after 5 failures within 15 minutes, from any address, and says when to retry', () => {
    const clock = new TestClock('2026-01-01T00:00:00Z');
    const limiter = new LoginLimiter(clock);
    for (let i = 0; i < 5; i++) {
      expect(refusal(limiter, 'a@example.com', `10.0.0.${i}`)).toBeNull();
      limiter.fail('a@example.com', `10.0.0.${i}`);
      clock.advance(MINUTE);
    }
    const refused = refusal(limiter, 'a@example.com', '10.9.9.9');
    expect(refused?.code).toBe('auth.rate_limited');
    // the first failure leaves the window 15 minutes after it happened: 10 minutes from now
    expect(refused?.headers['retry-after']).toBe(String(10 * 60));
    expect(refusal(limiter, 'b@example.com', '10.0.0.1')).toBeNull();
    clock.advance(10 * MINUTE);
    expect(refusal(limiter, 'a@example.com', '10.9.9.9')).toBeNull();
  });

  it('refuses an address after 30 failures on any accounts', () => {
    const clock = new TestClock();
    const limiter = new LoginLimiter(clock);
    for (let i = 0; i < 30; i++) limiter.fail(`user${i}@example.com`, '192.0.2.1');
    expect(refusal(limiter, 'fresh@example.com', '192.0.2.1')?.code).toBe('auth.rate_limited');
    expect(refusal(limiter, 'fresh@example.com', '192.0.2.2')).toBeNull();
  });

  it('forgets an account’s failures after a successful login', () => {
    const limiter = new LoginLimiter(new TestClock());
    for (let i = 0; i < 4; i++) limiter.fail('a@example.com', '10.0.0.1');
    limiter.succeed('a@example.com');
    for (let i = 0; i < 4; i++) limiter.fail('a@example.com', '10.0.0.1');
    expect(refusal(limiter, 'a@example.com', '10.0.0.1')).toBeNull();
  });
});
