import path from 'node:path';
import { readFileSync } from 'node:fs';

/** Everything Guanxi reads from its environment (DESIGN §4, Environment), read once at start. */
export interface Config {
  databaseUrl: string | undefined;
  dataDir: string;
  port: number;
  host: string;
  timeZone: string;
  currency: string;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  smtpUrl: string | undefined;
  logLevel: string;
  version: string;
  webDir: string;
}

const root = path.resolve(import.meta.dirname, '..');

export const packageVersion: string = (
  JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }
).version;

export function readConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, not "${env.PORT}"`);
  const timeZone = env.GUANXI_TZ || Intl.DateTimeFormat().resolvedOptions().timeZone;
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw new Error(`GUANXI_TZ must be an IANA time zone such as Asia/Shanghai, not "${timeZone}"`);
  }
  const currency = (env.GUANXI_CURRENCY || 'CNY').toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency))
    throw new Error(`GUANXI_CURRENCY must be an ISO 4217 code such as CNY, not "${currency}"`);
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.GUANXI_DATA_DIR || 'data'),
    port,
    host: env.HOST || '127.0.0.1',
    timeZone,
    currency,
    adminEmail: env.GUANXI_ADMIN_EMAIL || undefined,
    adminPassword: env.GUANXI_ADMIN_PASSWORD || undefined,
    smtpUrl: env.SMTP_URL || undefined,
    logLevel: env.GUANXI_LOG_LEVEL || 'info',
    version: packageVersion,
    webDir: path.join(root, 'web', 'dist'),
    ...overrides,
  };
}
