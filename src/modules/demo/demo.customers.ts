import { isoDay, type DemoCalendar } from '#src/modules/demo/demo.calendar.ts';
import { chineseName, englishName, personEmail, type Gender } from '#src/modules/demo/demo.names.ts';
import { chineseOrganization, englishOrganization } from '#src/modules/demo/demo.organizations.ts';
import { cityByPopulation, cityForForeigners, mobilePhone } from '#src/modules/demo/demo.places.ts';
import type { Skeleton } from '#src/modules/demo/demo.purchases.ts';
import { permutation, weighted, type Random } from '#src/modules/demo/random.ts';

/**
 * One demo customer's static facts: a person (name, gender, birthday, phone, email, home city, interests) or an
 * organisation (registered name, industry, credit code, phone and mailbox of its contact). A few customers are
 * the same person or company entered twice — same phone or email, same city — so duplicate detection has
 * something to find.
 */
export interface CustomerRow {
  ref: string;
  kind: 'person' | 'organization';
  name: string;
  email: string;
  phone: string;
  gender: Gender | '';
  birthday: string;
  province: string;
  city: string;
  industry: string;
  tags: string[];
  createdAt: string;
  /** A mainland organisation's unified social credit code (valid check character), else empty. */
  creditCode: string;
}

// prettier-ignore
const interests = weighted([
  ['旅行', 10], ['美食', 10], ['健身', 8], ['数码', 8], ['摄影', 6], ['咖啡', 6], ['读书', 6], ['电影', 6], ['音乐', 5],
  ['跑步', 5], ['瑜伽', 4], ['户外运动', 5], ['露营', 3], ['游戏', 5], ['宠物', 5], ['母婴', 4], ['亲子', 4], ['美妆', 6],
  ['时尚', 5], ['家居', 4], ['理财', 4], ['汽车', 4], ['茶', 3], ['红酒', 2], ['高尔夫', 1], ['滑雪', 1], ['养生', 3],
  ['环保', 2], ['价格敏感', 6], ['品质优先', 5], ['夜猫子', 2], ['学生', 3], ['白领', 6], ['宝妈', 3], ['冲动消费', 2], ['谨慎决策', 2],
] as const);
// prettier-ignore
const organizationTags = weighted([
  ['渠道商', 5], ['战略合作', 3], ['政府采购', 2], ['上市公司', 2], ['高新技术企业', 4], ['专精特新', 2], ['年度框架协议', 3], ['外资企业', 2],
] as const);

/** Numbers handed out once per customer index, so phones, mailboxes and credit codes do not repeat. */
export interface Uniques {
  phone(index: number): number;
  email(index: number): string;
  creditCode(index: number): number;
}

export function uniquesFor(seed: number, customers: number): Uniques {
  const emailDigits = Math.max(4, String(customers).length + 1);
  const phone = permutation(1e8, seed);
  const email = permutation(10 ** emailDigits, seed + 1);
  const code = permutation(31 ** 6, seed + 2);
  return {
    phone,
    email: (i) => String(email(i)).padStart(emailDigits, '0'),
    creditCode: code,
  };
}

export const customerRef = (index: number): string => `C${String(index + 1).padStart(8, '0')}`;

/** How many distinct tags of `table`, `count` at most. */
function tagsOf(rng: Random, table: { pick(rng: Random): string }, count: number): string[] {
  const tags = new Set<string>();
  for (let i = 0; i < count; i++) tags.add(table.pick(rng));
  return [...tags];
}

export function drawCustomer(
  rng: Random,
  index: number,
  skeleton: Skeleton,
  calendar: DemoCalendar,
  uniques: Uniques,
): CustomerRow {
  const ref = customerRef(index);
  const createdAt = calendar.timestamp(skeleton.createdDay, skeleton.createdSecond);
  const place = (skeleton.english ? cityForForeigners : cityByPopulation).pick(rng);
  if (skeleton.organization) {
    const organization = (skeleton.english ? englishOrganization : chineseOrganization)(
      rng,
      place,
      uniques.creditCode(index),
    );
    const local = rng.pick(['info', 'sales', 'contact', 'service', 'admin', 'hr']);
    return {
      ref,
      kind: 'organization',
      name: organization.name,
      email: rng.chance(0.85)
        ? `${local}@${organization.domain}${uniques.email(index)}.${place.region === 'mainland' ? 'com.cn' : 'com'}`
        : '',
      phone: rng.chance(0.8) ? mobilePhone(rng, place.region, uniques.phone(index)) : '',
      gender: '',
      birthday: '',
      province: place.province,
      city: place.city,
      industry: organization.industry,
      tags: tagsOf(rng, organizationTags, rng.int(3)),
      createdAt,
      creditCode: organization.creditCode ?? '',
    };
  }
  const genderRoll = rng.float();
  const gender: Gender | null = genderRoll < 0.52 ? 'female' : genderRoll < 0.95 ? 'male' : null;
  // ages 18 to about 80, most between 25 and 45
  const age = Math.min(85, 18 + rng.gamma(3, 6));
  const birthEpochDay = calendar.firstDay + calendar.days - Math.round(age * 365.25);
  const birthday = isoDay(birthEpochDay);
  const birthYear = Number(birthday.slice(0, 4));
  const traditional = place.region !== 'mainland' || rng.chance(0.005);
  const name = skeleton.english ? englishName(rng, gender) : chineseName(rng, gender, birthYear, traditional);
  const tagCount = [0, 0, 1, 1, 1, 2, 2, 3, 3, 4][rng.int(10)]!;
  return {
    ref,
    kind: 'person',
    name: name.name,
    email: rng.chance(skeleton.english ? 0.9 : 0.6)
      ? personEmail(rng, name, skeleton.english, uniques.email(index))
      : '',
    phone: rng.chance(0.92) ? mobilePhone(rng, place.region, uniques.phone(index)) : '',
    gender: gender ?? '',
    birthday: rng.chance(0.85) ? birthday : '',
    province: place.province,
    city: place.city,
    industry: '',
    tags: tagsOf(rng, interests, tagCount),
    createdAt,
    creditCode: '',
  };
}

/**
 * Makes `row` a second record of `earlier` (the same person or company entered again): the same name and
 * city, and the same phone or the same email.
 */
export function duplicateOf(rng: Random, row: CustomerRow, earlier: CustomerRow): CustomerRow {
  const samePhone = earlier.phone !== '' && (earlier.email === '' || rng.chance(0.5));
  return {
    ...row,
    kind: earlier.kind,
    name: earlier.name,
    gender: earlier.gender,
    birthday: rng.chance(0.5) ? earlier.birthday : '',
    province: earlier.province,
    city: earlier.city,
    industry: earlier.industry,
    phone: samePhone ? earlier.phone : row.phone,
    email: samePhone ? row.email : earlier.email,
    creditCode: earlier.creditCode,
  };
}
