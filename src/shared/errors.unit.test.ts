import { describe, expect, it } from 'vitest';
import { errorTitles, localeFromHeader } from '#src/shared/error-titles.ts';
import { AppError, errorStatus, invalid, versionConflict, type ErrorCode } from '#src/shared/errors.ts';
import { locales } from '#src/shared/schema.ts';

describe('error codes', () => {
  it('each have an HTTP status and a title in every language', () => {
    const codes = Object.keys(errorStatus) as ErrorCode[];
    expect(Object.keys(errorTitles).sort()).toEqual([...codes].sort());
    for (const code of codes) {
      expect(code).toMatch(/^[a-z_]+\.[a-z_]+$/);
      for (const locale of locales) expect(errorTitles[code][locale], `${code} ${locale}`).toMatch(/\S/);
      expect(errorTitles[code]['zh-CN'], code).not.toBe(errorTitles[code].en);
    }
  });

  it('map bad input to 4xx and only server trouble to 5xx', () => {
    for (const [code, status] of Object.entries(errorStatus)) {
      if (code.startsWith('server.')) expect(status, code).toBeGreaterThanOrEqual(500);
      else expect(status, code).toBeLessThan(500);
    }
    expect(new AppError('record.version_conflict').status).toBe(409);
    expect(versionConflict('user', 3).errors).toEqual([
      { field: 'version', message: 'is stale; current version is 3' },
    ]);
    expect(invalid('email', 'is taken', 'user.email_taken')).toMatchObject({
      status: 409,
      errors: [{ field: 'email', message: 'is taken' }],
    });
  });
});

describe('the language of a problem title', () => {
  it.each([
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
    ['zh-TW', 'zh-TW'],
    ['zh-HK,zh;q=0.9', 'zh-TW'],
    ['zh-Hant-TW', 'zh-TW'],
    ['zh', 'zh-CN'],
    ['en-GB,en;q=0.9', 'en'],
    ['fr-FR', 'en'],
    ['', 'en'],
  ])('for Accept-Language "%s" is %s', (header, locale) => {
    expect(localeFromHeader(header)).toBe(locale);
  });
});
