import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfig } from '#src/config.ts';

describe('the configuration', () => {
  it('has the documented defaults (DESIGN §4, Environment)', () => {
    const config = readConfig({ GUANXI_TZ: 'Asia/Shanghai' });
    expect(config).toMatchObject({
      databaseUrl: undefined,
      dataDir: path.resolve('data'),
      port: 3000,
      host: '127.0.0.1',
      timeZone: 'Asia/Shanghai',
      currency: 'CNY',
      logLevel: 'info',
    });
  });

  it('reads the environment', () => {
    const config = readConfig({
      DATABASE_URL: 'postgres://u@h/db',
      GUANXI_DATA_DIR: '/srv/guanxi',
      PORT: '8080',
      HOST: '0.0.0.0',
      GUANXI_TZ: 'Europe/Berlin',
      GUANXI_CURRENCY: 'eur',
    });
    expect(config).toMatchObject({
      databaseUrl: 'postgres://u@h/db',
      dataDir: '/srv/guanxi',
      port: 8080,
      host: '0.0.0.0',
      timeZone: 'Europe/Berlin',
      currency: 'EUR',
    });
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT must be a port number/],
    [{ PORT: '70000' }, /PORT must be a port number/],
    [{ GUANXI_TZ: 'Mars/Olympus' }, /GUANXI_TZ must be an IANA time zone/],
    [{ GUANXI_CURRENCY: 'yuan' }, /GUANXI_CURRENCY must be an ISO 4217 code/],
  ])('refuses %o with a message naming the variable', (env, message) => {
    expect(() => readConfig(env)).toThrow(message);
  });
});
