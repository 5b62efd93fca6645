import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { creditCodeProblem } from '#src/modules/customers/credit-code.ts';
import { chineseName, englishName, personEmail, surnames } from '#src/modules/demo/demo.names.ts';
import {
  chineseOrganization,
  creditCode,
  englishOrganization,
} from '#src/modules/demo/demo.organizations.ts';
import { cities, cityByPopulation, mobilePhone } from '#src/modules/demo/demo.places.ts';
import { Random } from '#src/modules/demo/random.ts';
import { normalizePhone } from '#src/shared/phone.ts';

const email = z.email();
const han = /^\p{Script=Han}+$/u;

describe('demo people', () => {
  it('draws surnames by their frequency: 王, 李 and 张 lead, rare ones appear rarely', () => {
    const rng = new Random(1);
    const counts = new Map<string, number>();
    for (let i = 0; i < 50_000; i++) {
      const surname = surnames.pick(rng).text;
      counts.set(surname, (counts.get(surname) ?? 0) + 1);
    }
    const ranked = [...counts].sort((a, b) => b[1] - a[1]).map(([s]) => s);
    expect(new Set(ranked.slice(0, 3))).toEqual(new Set(['王', '李', '张']));
    expect(ranked.slice(3, 5)).toEqual(['刘', '陈']);
    expect((counts.get('王') ?? 0) / 50_000).toBeGreaterThan(0.06);
    expect(counts.get('诸葛') ?? 0).toBeLessThan(50);
  });

  it('makes Chinese names of a surname and one or two given characters, in pinyin for email', () => {
    const rng = new Random(2);
    const lengths = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const name = chineseName(rng, i % 2 ? 'male' : 'female', 1960 + (i % 50), false);
      expect(name.name).toMatch(han);
      lengths.add(name.name.length);
      expect(name.familyLatin + name.givenLatin).toMatch(/^[a-z]+$/);
    }
    expect(lengths).toEqual(new Set([2, 3, 4]));
  });

  it('writes names in traditional characters for Hong Kong and Macau', () => {
    const rng = new Random(3);
    const names = Array.from({ length: 300 }, () => chineseName(rng, 'female', 1990, true).name).join('');
    expect(names).toMatch(/[陳黃張劉楊趙吳鄭謝羅許馮鄧葉蘇]/u);
    expect(names).not.toMatch(/[陈黄张刘杨赵吴郑谢罗许冯邓叶苏]/u);
  });

  it('makes English names, some of them with a Chinese family name', () => {
    const rng = new Random(4);
    const names = Array.from({ length: 500 }, () => englishName(rng, null));
    for (const n of names) expect(n.name).toMatch(/^[A-Z][a-z]+ [A-ZÜ][\p{L}']+$/u);
    expect(names.some((n) => /^\S+ (Wang|Li|Zhang|Liu|Chen)$/.test(n.name))).toBe(true);
  });

  it('gives valid email addresses, distinct for distinct customers', () => {
    const rng = new Random(5);
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const english = i % 5 === 0;
      const name = english ? englishName(rng, 'male') : chineseName(rng, 'male', 1985, false);
      const address = personEmail(rng, name, english, String(i).padStart(5, '0'));
      expect(email.safeParse(address).success, address).toBe(true);
      expect(seen.has(address)).toBe(false);
      seen.add(address);
    }
    expect([...seen].some((a) => a.endsWith('@qq.com'))).toBe(true);
  });

  it('gives mobile numbers that normalizePhone accepts, in every region and notation', () => {
    const rng = new Random(6);
    const notations = new Set<string>();
    for (const region of ['mainland', 'hongkong', 'macau'] as const) {
      for (let i = 0; i < 3000; i++) {
        const phone = mobilePhone(rng, region, (i * 7_919_113) % 1e8);
        const normalized = normalizePhone(phone);
        expect(normalized, phone).not.toBeNull();
        if (region === 'mainland') {
          expect(normalized).toMatch(/^\+861[358]\d{9}$/);
          notations.add(phone.replace(/\d/g, '9'));
        } else expect(normalized).toMatch(region === 'hongkong' ? /^\+852[569]\d{7}$/ : /^\+8536\d{7}$/);
      }
    }
    expect(notations).toEqual(new Set(['99999999999', '999 9999 9999', '+99 99999999999']));
  });
});

describe('demo places', () => {
  it('covers every province-level division of the mainland, Hong Kong and Macau, weighted by population', () => {
    expect(new Set(cities.map((c) => c.province)).size).toBe(33);
    for (const city of cities) expect(city.division).toMatch(/^\d{6}$/);
    const rng = new Random(7);
    const counts = new Map<string, number>();
    for (let i = 0; i < 40_000; i++) {
      const province = cityByPopulation.pick(rng).province;
      counts.set(province, (counts.get(province) ?? 0) + 1);
    }
    expect((counts.get('广东省') ?? 0) / 40_000).toBeCloseTo(0.09, 1);
    expect(counts.get('广东省')!).toBeGreaterThan(10 * (counts.get('西藏自治区') ?? 0));
  });
});

describe('demo organisations', () => {
  it('have unified social credit codes that pass the check character, distinct for distinct numbers', () => {
    const codes = new Set<string>();
    for (const city of cities.filter((c) => c.region === 'mainland'))
      for (let unique = 0; unique < 31 ** 6; unique += 9_999_991) {
        const code = creditCode(city, unique);
        expect(creditCodeProblem(code), code).toBeNull();
        expect(code.slice(0, 8)).toBe(`91${city.division}`);
        codes.add(code);
      }
    expect(codes.size).toBe(cities.filter((c) => c.region === 'mainland').length * 89);
  });

  it('are named as registered: city, trade name, business and 有限公司, or an English Ltd', () => {
    const rng = new Random(8);
    const shanghai = cities.find((c) => c.city === '上海市')!;
    const hongKong = cities.find((c) => c.region === 'hongkong')!;
    for (let i = 0; i < 500; i++) {
      const chinese = chineseOrganization(rng, shanghai, i);
      expect(chinese.name).toMatch(/^(上海.+|.+（上海）.+)(股份|集团)?有限公司$/u);
      expect(creditCodeProblem(chinese.creditCode!)).toBeNull();
      expect(chinese.industry).not.toBe('');
      const english = englishOrganization(rng, shanghai, i);
      expect(english.name).toMatch(/^[A-Z][\w &]+ \(Shanghai\) Co\., Ltd\.$/);
      expect(englishOrganization(rng, hongKong, i).name).toMatch(/ (Ltd|Limited)$/);
      // Hong Kong companies have no mainland credit code
      expect(chineseOrganization(rng, hongKong, i).creditCode).toBeNull();
    }
  });
});
