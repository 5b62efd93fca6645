import * as OpenCC from 'opencc-js';
import { pinyin } from 'pinyin-pro';

/**
 * Search keys for a customer (issue 4, list and search). Chinese users search a name by its characters, in
 * simplified or traditional form, by full pinyin (`zhangsan`) or by pinyin initials (`zs`). The keys are
 * computed here once per write and stored, so a search is an index lookup:
 * - `name_initials` and `name_pinyin` answer short queries by prefix (btree, text_pattern_ops);
 * - `search_text` answers queries of three or more characters by substring (pg_trgm).
 * PostgreSQL's trigrams ignore CJK characters under the C locale, so Chinese text is searched through its
 * pinyin and then checked against the simplified name.
 */
const toSimplified = OpenCC.Converter({ from: 'hk', to: 'cn' });
const cjk = /\p{Script=Han}/u;

/** Lower case, simplified characters, single spaces. */
export const normalizeText = (text: string): string =>
  toSimplified(text.normalize('NFKC')).toLowerCase().replace(/\s+/g, ' ').trim();

interface NameKeys {
  /** Full pinyin without tones or spaces; for Latin names the letters and digits of the name. */
  pinyin: string;
  /** The first letter of each syllable or word. */
  initials: string;
}

/** Pinyin and initials of a name; a person's name reads its first character as a surname (单 shan, 曾 zeng). */
export function nameKeys(name: string, kind: 'person' | 'organization' = 'person'): NameKeys {
  const normalized = normalizeText(name);
  if (!cjk.test(normalized)) {
    const words = normalized.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    return { pinyin: words.join(''), initials: words.map((word) => word[0]).join('') };
  }
  const syllables = pinyin(normalized, {
    toneType: 'none',
    type: 'array',
    nonZh: 'consecutive',
    surname: kind === 'person' ? 'head' : 'off',
  })
    .flatMap((part) => part.split(/[^\p{L}\p{N}]+/u))
    .filter(Boolean)
    .map((part) => part.toLowerCase());
  return { pinyin: syllables.join(''), initials: syllables.map((part) => part[0]).join('') };
}

/** Digits of a phone number, so `138 0013 8000` and `+8613800138000` both match. */
const phoneDigits = (phone: string | null | undefined): string[] => {
  if (!phone) return [];
  const digits = phone.replace(/\D/g, '');
  return digits.startsWith('86') && digits.length === 13 ? [digits, digits.slice(2)] : [digits];
};

export interface SearchKeyInput {
  name: string;
  kind: 'person' | 'organization';
  ref: string;
  email?: string | null;
  phone?: string | null;
}

export interface SearchKeys {
  name_pinyin: string;
  name_initials: string;
  search_text: string;
}

/** The stored search columns of one customer. */
export function searchKeys(customer: SearchKeyInput): SearchKeys {
  const keys = nameKeys(customer.name, customer.kind);
  const parts = [
    normalizeText(customer.name),
    keys.pinyin,
    keys.initials,
    customer.ref.toLowerCase(),
    customer.email?.toLowerCase(),
    ...phoneDigits(customer.phone),
  ];
  return {
    name_pinyin: keys.pinyin,
    name_initials: keys.initials,
    search_text: parts.filter(Boolean).join(' '),
  };
}

export interface SearchQuery {
  /**
   * Under three letters (`zs`, `吴` → `wu`): too short for trigrams, so `prefix` is matched at the start of the
   * stored pinyin and initials (btree).
   */
  prefix: string | null;
  /** Otherwise: substrings of search_text, any of which matches (pg_trgm). */
  substrings: string[];
  /** For a query with Chinese characters: the simplified text, checked in search_text after the index lookup. */
  contains: string | null;
  /**
   * The query as the start of a name's pinyin (`zhangsan` for 张三, `Zhang San` or `zhangsan`): names that
   * begin with it are the best matches, listed first (a range of the name order's index, customers.list.repo.ts).
   */
  namePrefix: string;
}

/** How a search box's text is matched; see the module comment. */
export function searchQuery(q: string): SearchQuery | null {
  const text = normalizeText(q);
  if (!text) return null;
  if (cjk.test(text)) {
    const keys = nameKeys(text);
    const short = keys.pinyin.length < 3;
    return {
      prefix: short ? keys.pinyin : null,
      substrings: short ? [] : [keys.pinyin],
      contains: text,
      namePrefix: keys.pinyin,
    };
  }
  // `zhang san` matches the stored `zhangsan`; an email or a phone number matches as typed
  const compact = text.replace(/\s+/g, '');
  if (compact.length < 3) return { prefix: compact, substrings: [], contains: null, namePrefix: compact };
  return { prefix: null, substrings: [...new Set([text, compact])], contains: null, namePrefix: compact };
}

/** A LIKE pattern that matches `text` literally. */
export const likeEscape = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);
