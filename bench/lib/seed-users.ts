import type { Insertable, Kysely } from 'kysely';
import type { DB } from '#src/db/schema.ts';
import { newId } from '#src/shared/ids.ts';

/** A small deterministic generator (mulberry32), so every run seeds the same staff list. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const surnames = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈',
];
const givenNames = [
  '伟',
  '芳',
  '娜',
  '秀英',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀兰',
  '霞',
  '平',
  '刚',
  '桂英',
  '志强',
  '文',
  '婷',
  '浩然',
  '子涵',
  '思远',
  '雨桐',
];
const firstNames = [
  'Emma',
  'Liam',
  'Olivia',
  'Noah',
  'Ava',
  'Ethan',
  'Sophia',
  'Lucas',
  'Mia',
  'Mason',
  'Grace',
  'James',
  'Chloe',
  'Daniel',
  'Kevin',
  'Amy',
  'Jason',
  'Wendy',
  'Vincent',
  'Cindy',
];
const lastNames = [
  'Smith',
  'Chen',
  'Wong',
  'Johnson',
  'Lee',
  'Brown',
  'Tan',
  'Garcia',
  'Miller',
  'Lim',
  'Davis',
  'Ng',
  'Wilson',
  'Lau',
  'Taylor',
];
const teamNames = [
  '华东销售',
  '华北销售',
  '华南销售',
  '西南销售',
  '客服一组',
  '客服二组',
  '市场部',
  'Key Accounts',
];
/** Roles weighted roughly as a sales organisation has them. */
const roleWeights: [string, number][] = [
  ['sales', 45],
  ['service', 20],
  ['marketing', 15],
  ['manager', 10],
  ['viewer', 8],
  ['admin', 2],
];

function pick<T>(next: () => number, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)]!;
}

function weighted(next: () => number, weights: readonly [string, number][]): string {
  let roll = next() * weights.reduce((sum, [, w]) => sum + w, 0);
  for (const [value, weight] of weights) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return weights[0]![0];
}

/**
 * Fills `users` with `count` staff (the first is the admin the benchmark logs in as) in eight teams, straight
 * through SQL with one precomputed password hash: creating them through the API would spend ~1,000 argon2
 * hashes. Names mix Chinese and English, as the list a Chinese company shows.
 */
export async function seedUsers(
  db: Kysely<DB>,
  options: { count: number; adminEmail: string; passwordHash: string; seed?: number },
): Promise<void> {
  const next = random(options.seed ?? 20261123);
  const now = Date.now();
  const day = 86_400_000;
  const teams = teamNames.map((name) => ({ id: newId(), name }));
  const users: Insertable<DB['users']>[] = [];
  for (let i = 0; i < options.count; i++) {
    const chinese = next() < 0.7;
    const name = chinese
      ? `${pick(next, surnames)}${pick(next, givenNames)}`
      : `${pick(next, firstNames)} ${pick(next, lastNames)}`;
    const createdAt = new Date(now - Math.floor(next() * 730 * day));
    users.push({
      id: newId(),
      email: i === 0 ? options.adminEmail : `staff${String(i).padStart(4, '0')}@bench.guanxi.test`,
      name: i === 0 ? 'Bench Admin' : name,
      role: i === 0 ? 'admin' : weighted(next, roleWeights),
      team_id: next() < 0.1 ? null : pick(next, teams).id,
      locale: pick(next, [
        'zh-CN',
        'zh-CN',
        'zh-CN',
        'zh-CN',
        'zh-CN',
        'zh-CN',
        'zh-CN',
        'zh-CN',
        'zh-TW',
        'en',
      ]),
      password_hash: options.passwordHash,
      active: i === 0 || next() < 0.95,
      created_at: createdAt,
      updated_at: new Date(createdAt.getTime() + Math.floor(next() * 30 * day)),
      last_login_at: next() < 0.7 ? new Date(now - Math.floor(next() * 60 * day)) : null,
    });
  }
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('teams').values(teams).execute();
    for (let start = 0; start < users.length; start += 250) {
      await tx
        .insertInto('users')
        .values(users.slice(start, start + 250))
        .execute();
    }
  });
}
