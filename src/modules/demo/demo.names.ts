import * as OpenCC from 'opencc-js';
import { pinyin } from 'pinyin-pro';
import { weighted, WeightedChoice, type Random } from '#src/modules/demo/random.ts';

/**
 * Person names for the demo. Chinese surnames follow their published frequencies (Ministry of Public Security,
 * 2020: 王 李 张 刘 陈 cover about 30% of people); given names are one or two characters, one more often for
 * older people. Pinyin and traditional forms are looked up once per character here, never per customer: the
 * generator makes millions of names.
 */
export interface NamePart {
  text: string;
  traditional: string;
  /** Toneless pinyin, lower case (`ouyang`). */
  pinyin: string;
}

const toTraditional = OpenCC.Converter({ from: 'cn', to: 'hk' });

function part(text: string, surname = false): NamePart {
  const syllables = pinyin(text, { toneType: 'none', type: 'array', surname: surname ? 'head' : 'off' });
  return { text, traditional: toTraditional(text), pinyin: syllables.join('').replace(/ü/g, 'v') };
}

/** Surname and its share of the population in per cent. */
// prettier-ignore
const surnameShares: [string, number][] = [
  ['王', 7.25], ['李', 7.19], ['张', 6.83], ['刘', 5.38], ['陈', 4.53], ['杨', 3.08], ['黄', 2.23], ['赵', 2.16],
  ['吴', 2.05], ['周', 1.95], ['徐', 1.67], ['孙', 1.54], ['马', 1.45], ['朱', 1.34], ['胡', 1.3], ['郭', 1.2],
  ['何', 1.17], ['高', 1.11], ['林', 1.1], ['罗', 0.88], ['郑', 0.87], ['梁', 0.85], ['谢', 0.77], ['宋', 0.75],
  ['唐', 0.73], ['许', 0.66], ['韩', 0.65], ['冯', 0.64], ['邓', 0.63], ['曹', 0.62], ['彭', 0.6], ['曾', 0.59],
  ['肖', 0.58], ['田', 0.55], ['董', 0.53], ['袁', 0.52], ['潘', 0.51], ['于', 0.5], ['蒋', 0.49], ['蔡', 0.48],
  ['余', 0.47], ['杜', 0.46], ['叶', 0.45], ['程', 0.44], ['苏', 0.43], ['魏', 0.42], ['吕', 0.41], ['丁', 0.4],
  ['任', 0.39], ['沈', 0.38], ['姚', 0.37], ['卢', 0.36], ['姜', 0.35], ['崔', 0.34], ['钟', 0.33], ['谭', 0.32],
  ['陆', 0.31], ['汪', 0.3], ['范', 0.29], ['金', 0.28], ['石', 0.27], ['廖', 0.26], ['贾', 0.25], ['夏', 0.24],
  ['韦', 0.23], ['付', 0.22], ['方', 0.21], ['白', 0.2], ['邹', 0.2], ['孟', 0.19], ['熊', 0.19], ['秦', 0.18],
  ['邱', 0.18], ['江', 0.17], ['尹', 0.17], ['薛', 0.16], ['闫', 0.16], ['段', 0.15], ['雷', 0.15], ['侯', 0.14],
  ['龙', 0.14], ['史', 0.13], ['陶', 0.13], ['黎', 0.12], ['贺', 0.12], ['顾', 0.12], ['毛', 0.11], ['郝', 0.11],
  ['龚', 0.11], ['邵', 0.1], ['万', 0.1], ['钱', 0.1], ['严', 0.1], ['覃', 0.09], ['武', 0.09], ['戴', 0.09],
  ['莫', 0.08], ['孔', 0.08], ['向', 0.08], ['汤', 0.08], ['欧阳', 0.06], ['单', 0.05], ['上官', 0.01], ['司马', 0.01],
  ['诸葛', 0.01],
];

export const surnames: WeightedChoice<NamePart> = new WeightedChoice(
  surnameShares.map(([text]) => part(text, true)),
  surnameShares.map(([, share]) => share),
);

/** Characters of given names, the commonest first; readings are unambiguous (no 乐, 长, 朝). */
const maleChars =
  '伟强磊军勇杰涛斌超明刚辉鹏飞鑫波宇浩凯健俊帆帅旭宁峰建国志文博晨阳然泽轩睿豪天翔海东亮成毅诚铭哲昊宏振兵良松伦家子一';
const femaleChars =
  '芳娜敏静丽艳娟霞秀玲英慧巧美婷雪琳晶欣颖倩洁萱怡佳梦涵雨诗琪悦思彤月蕾薇燕红莉萍丹璐瑶妍嘉晴雯菲露岚馨蓉舒';
const neutralChars = '华平林文子一晓明宇安雨欣嘉春秋云清新心佳瑞';

/** Rank-weighted: the first characters of each list are the most common. */
const characterTable = (characters: string) => {
  const list = [...characters];
  return new WeightedChoice(
    list.map((c) => part(c)),
    list.map((_, rank) => 1 / (rank + 4)),
  );
};
const maleGiven = characterTable(maleChars);
const femaleGiven = characterTable(femaleChars);
const neutralGiven = characterTable(neutralChars);

// prettier-ignore
const englishMale = [
  'James', 'John', 'Robert', 'Michael', 'William', 'David', 'Richard', 'Thomas', 'Daniel', 'Matthew',
  'Anthony', 'Mark', 'Steven', 'Paul', 'Andrew', 'Kevin', 'Brian', 'George', 'Edward', 'Peter', 'Jason',
  'Ryan', 'Eric', 'Jack', 'Henry', 'Oliver', 'Samuel', 'Benjamin', 'Lucas', 'Alex',
];
// prettier-ignore
const englishFemale = [
  'Mary', 'Jennifer', 'Linda', 'Elizabeth', 'Susan', 'Jessica', 'Sarah', 'Karen', 'Emily', 'Emma', 'Olivia',
  'Sophia', 'Grace', 'Chloe', 'Anna', 'Laura', 'Rachel', 'Amy', 'Helen', 'Catherine', 'Lucy', 'Hannah',
  'Alice', 'Victoria', 'Kate', 'Michelle', 'Nicole', 'Rebecca', 'Julia', 'Zoe',
];
// prettier-ignore
const englishFamily = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Taylor', 'Anderson',
  'Thomas', 'Moore', 'Martin', 'Jackson', 'White', 'Harris', 'Clark', 'Lewis', 'Walker', 'Hall', 'Young',
  'King', 'Wright', 'Scott', 'Green', 'Baker', 'Adams', 'Nelson', 'Hill', 'Campbell', 'Mitchell', 'Roberts',
  'Carter', 'Evans', 'Turner', 'Parker', 'Collins', 'Edwards', 'Stewart', 'Morris', 'Murphy', 'Cook',
  'Rogers', 'Morgan', 'Cooper', 'Reed', 'Bailey', 'Kelly', 'Fischer', 'Müller', 'Dubois', 'Rossi', 'Tanaka',
  'Kim', 'Nguyen', "O'Brien",
];

export type Gender = 'male' | 'female';

export interface PersonName {
  name: string;
  /** Latin spelling of the given and family name, lower case, letters only: for email addresses. */
  givenLatin: string;
  familyLatin: string;
}

const capitalize = (word: string) => word[0]!.toUpperCase() + word.slice(1);
const latin = (word: string) =>
  word
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();

/**
 * A Chinese name: surname plus one or two given characters (one for a third of people born before 1975, for
 * one in six born after 1990), in traditional characters when `traditional`.
 */
export function chineseName(
  rng: Random,
  gender: Gender | null,
  birthYear: number,
  traditional: boolean,
): PersonName {
  const surname = surnames.pick(rng);
  const single = rng.chance(birthYear < 1975 ? 0.35 : birthYear < 1990 ? 0.25 : 0.15);
  const given: NamePart[] = [];
  for (let i = single ? 1 : 0; i < 2; i++) {
    const table =
      rng.chance(0.3) || gender === null ? neutralGiven : gender === 'male' ? maleGiven : femaleGiven;
    given.push(table.pick(rng));
  }
  const text = (p: NamePart) => (traditional ? p.traditional : p.text);
  return {
    name: text(surname) + given.map(text).join(''),
    givenLatin: given.map((p) => p.pinyin).join(''),
    familyLatin: surname.pinyin,
  };
}

/** An English name; about a third are Chinese people with an English given name (Kevin Zhang). */
export function englishName(rng: Random, gender: Gender | null): PersonName {
  const given = rng.pick(
    gender === 'female'
      ? englishFemale
      : gender === 'male'
        ? englishMale
        : [...englishMale, ...englishFemale],
  );
  const family = rng.chance(0.35) ? capitalize(surnames.pick(rng).pinyin) : rng.pick(englishFamily);
  return { name: `${given} ${family}`, givenLatin: latin(given), familyLatin: latin(family) };
}

// prettier-ignore
const chineseDomains = weighted([
  ['163.com', 25], ['126.com', 10], ['sina.com', 5], ['foxmail.com', 6], ['gmail.com', 8],
  ['outlook.com', 10], ['hotmail.com', 4], ['yeah.net', 2], ['139.com', 5], ['aliyun.com', 3],
  ['icloud.com', 8],
] as const);
// prettier-ignore
const englishDomains = weighted([
  ['gmail.com', 35], ['outlook.com', 25], ['hotmail.com', 10], ['yahoo.com', 10], ['icloud.com', 15],
  ['proton.me', 5],
] as const);

/**
 * An email address from the person's name (`zhangwei0427@163.com`, `wei.zhang0427@outlook.com`) or a QQ
 * mailbox (`10427@qq.com`, a third of Chinese addresses). `unique` is distinct for every customer and ends
 * every address, so two customers share an address only when they are meant to.
 */
export function personEmail(rng: Random, name: PersonName, english: boolean, unique: string): string {
  if (!english && rng.chance(0.3)) return `${rng.between(1, 9)}${unique}@qq.com`;
  const { givenLatin: g, familyLatin: f } = name;
  const style = rng.int(4);
  const local =
    style === 0 ? `${f}${g}` : style === 1 ? `${g}.${f}` : style === 2 ? `${f}_${g}` : `${g[0] ?? ''}${f}`;
  return `${local}${unique}@${(english ? englishDomains : chineseDomains).pick(rng)}`;
}
