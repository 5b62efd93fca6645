import { describe, expect, it } from 'vitest';
import {
  likeEscape,
  nameKeys,
  normalizeText,
  searchKeys,
  searchQuery,
} from '#src/modules/customers/customers.search-keys.ts';

/** Search keys: what is stored per customer, and how a search box's text is matched against it. */
describe('name keys', () => {
  it.each([
    ['张三', 'zhangsan', 'zs'],
    ['陳小明', 'chenxiaoming', 'cxm'],
    ['Zhang San', 'zhangsan', 'zs'],
    ["O'Brien & Co", 'obrienco', 'obc'],
  ])('of %s are %s and %s', (name, pinyin, initials) => {
    expect(nameKeys(name)).toEqual({ pinyin, initials });
  });

  it('read the first character of a person’s name as a surname', () => {
    expect(nameKeys('单田芳').pinyin).toBe('shantianfang');
    expect(nameKeys('曾国藩').pinyin).toBe('zengguofan');
  });

  it('read an organisation’s name as words', () => {
    expect(nameKeys('重庆火锅店', 'organization')).toEqual({
      pinyin: 'chongqinghuoguodian',
      initials: 'cqhgd',
    });
  });
});

describe('stored search keys', () => {
  it('hold the simplified name, pinyin, initials, ref, email and both forms of a Chinese mobile number', () => {
    expect(
      searchKeys({
        name: '張三',
        kind: 'person',
        ref: 'C00000001',
        email: 'A@B.com',
        phone: '+8613800138000',
      }),
    ).toEqual({
      name_pinyin: 'zhangsan',
      name_initials: 'zs',
      search_text: '张三 zhangsan zs c00000001 a@b.com 8613800138000 13800138000',
    });
  });

  it('leave out what a customer does not have', () => {
    expect(searchKeys({ name: 'Ann Lee', kind: 'person', ref: 'R1' }).search_text).toBe(
      'ann lee annlee al r1',
    );
  });
});

describe('a search box’s text', () => {
  it('matches short Latin text by prefix of the pinyin and initials', () => {
    expect(searchQuery('zs')).toEqual({ prefix: 'zs', substrings: [], contains: null, namePrefix: 'zs' });
  });

  it('matches longer text as substrings, with and without its spaces', () => {
    expect(searchQuery('Zhang San')).toEqual({
      prefix: null,
      substrings: ['zhang san', 'zhangsan'],
      contains: null,
      namePrefix: 'zhangsan',
    });
  });

  it('matches Chinese by pinyin and then by the simplified characters', () => {
    expect(searchQuery('張三')).toEqual({
      prefix: null,
      substrings: ['zhangsan'],
      contains: '张三',
      namePrefix: 'zhangsan',
    });
    expect(searchQuery('吴')).toEqual({ prefix: 'wu', substrings: [], contains: '吴', namePrefix: 'wu' });
  });

  it('is nothing when blank', () => {
    expect(searchQuery('   ')).toBeNull();
  });

  it('folds full-width letters, case and runs of spaces', () => {
    expect(normalizeText('  ＡＢＣ  張三 ')).toBe('abc 张三');
  });

  it('escapes LIKE’s wildcards and its escape character', () => {
    expect(likeEscape('100%_a\\b')).toBe('100\\%\\_a\\\\b');
  });
});
