import { pinyin } from 'pinyin-pro';
import { creditCodeCheckCharacter } from '#src/modules/customers/credit-code.ts';
import type { City } from '#src/modules/demo/demo.places.ts';
import { weighted, type Random } from '#src/modules/demo/random.ts';

/**
 * Organisations for the demo: 公司 names the way they are registered (city + trade name + line of business +
 * 有限公司), English `Ltd` names for foreign firms, an industry from the national classification (GB/T 4754
 * sections), and a unified social credit code that passes its check character.
 */
interface Industry {
  /** The GB/T 4754 section name, as the customers' `industry` column holds it. */
  name: string;
  /** Words a company in the industry puts between its trade name and 有限公司. */
  words: string[];
  english: string[];
}

// prettier-ignore
const industries = weighted<Industry>([
  [{ name: '制造业', words: ['机械制造', '电子', '精密制造', '新材料', '汽车零部件', '智能装备'], english: ['Manufacturing', 'Precision Parts', 'Electronics'] }, 22],
  [{ name: '批发和零售业', words: ['贸易', '商贸', '进出口', '百货'], english: ['Trading', 'Import & Export', 'Retail'] }, 20],
  [{ name: '信息传输、软件和信息技术服务业', words: ['科技', '信息技术', '软件', '网络科技', '数据科技'], english: ['Technologies', 'Software', 'Digital'] }, 14],
  [{ name: '租赁和商务服务业', words: ['企业管理咨询', '商务服务', '广告', '人力资源'], english: ['Consulting', 'Business Services', 'Advisory'] }, 9],
  [{ name: '建筑业', words: ['建设工程', '建筑装饰', '市政工程'], english: ['Construction', 'Engineering'] }, 7],
  [{ name: '交通运输、仓储和邮政业', words: ['物流', '供应链管理', '运输', '仓储服务'], english: ['Logistics', 'Supply Chain', 'Freight'] }, 6],
  [{ name: '科学研究和技术服务业', words: ['生物科技', '检测技术', '工程技术', '医药科技'], english: ['Biotech', 'Research', 'Laboratories'] }, 5],
  [{ name: '住宿和餐饮业', words: ['餐饮管理', '酒店管理', '食品'], english: ['Hospitality', 'Restaurants', 'Foods'] }, 5],
  [{ name: '房地产业', words: ['置业', '房地产开发', '物业管理'], english: ['Properties', 'Real Estate'] }, 3],
  [{ name: '文化、体育和娱乐业', words: ['文化传媒', '体育发展', '影视', '文化创意'], english: ['Media', 'Entertainment', 'Sports'] }, 3],
  [{ name: '教育', words: ['教育科技', '培训', '教育咨询'], english: ['Education', 'Learning'] }, 2],
  [{ name: '卫生和社会工作', words: ['医疗科技', '健康管理', '养老服务'], english: ['Healthcare', 'Medical'] }, 2],
  [{ name: '金融业', words: ['投资管理', '融资租赁', '保险代理'], english: ['Capital', 'Investment', 'Finance'] }, 1],
  [{ name: '农、林、牧、渔业', words: ['农业科技', '生态农业', '农产品'], english: ['Agritech', 'Farms'] }, 1],
  [{ name: '电力、热力、燃气及水生产和供应业', words: ['新能源', '能源科技', '环保科技'], english: ['Energy', 'Renewables', 'Power'] }, 1],
]);

/** Characters companies build trade names (字号) from: auspicious, easy, mostly unambiguous in pinyin. */
const tradeChars = [
  ...'华瑞信达兴盛鑫源恒通泰丰嘉德宏远创新博联天成安康智汇金辰盈宇佳美广海中明启航睿立诚科云途峰阳',
];
const tradePinyin = new Map(tradeChars.map((c) => [c, pinyin(c, { toneType: 'none' })]));

// prettier-ignore
const englishTrade = [
  'Pacific', 'Northbridge', 'Bluewater', 'Silverline', 'Evergreen', 'Summit', 'Harbor', 'Crescent', 'Redwood',
  'Keystone', 'Meridian', 'Lotus', 'Orient', 'Jade', 'Golden Bay', 'Starlight', 'Vanguard', 'Atlas',
  'Sterling', 'Horizon',
];

export interface Organization {
  name: string;
  industry: string;
  /** The latin form of the trade name, for a web domain (`huarui`). */
  domain: string;
  creditCode: string | null;
}

/** 上海华瑞科技有限公司, 华瑞（上海）科技有限公司, 深圳鑫源电子股份有限公司. */
export function chineseOrganization(rng: Random, city: City, uniqueCode: number): Organization {
  const industry = industries.pick(rng);
  const trade = rng.pick(tradeChars) + rng.pick(tradeChars);
  const word = rng.pick(industry.words);
  const form = rng.chance(0.1) ? '股份有限公司' : rng.chance(0.03) ? '集团有限公司' : '有限公司';
  const name =
    city.region !== 'mainland'
      ? `${city.short}${trade}${word}有限公司`
      : rng.chance(0.15)
        ? `${trade}（${city.short}）${word}${form}`
        : `${city.short}${trade}${word}${form}`;
  return {
    name,
    industry: industry.name,
    domain: [...trade].map((c) => tradePinyin.get(c)!).join(''),
    creditCode: city.region === 'mainland' ? creditCode(city, uniqueCode) : null,
  };
}

/** Pacific Trading Ltd, Northbridge Logistics (Shanghai) Co., Ltd. */
export function englishOrganization(rng: Random, city: City, uniqueCode: number): Organization {
  const industry = industries.pick(rng);
  const trade = rng.pick(englishTrade);
  const word = rng.pick(industry.english);
  const place = city.region === 'mainland' ? englishCity(city) : null;
  const name = place
    ? `${trade} ${word} (${place}) Co., Ltd.`
    : `${trade} ${word} ${rng.chance(0.5) ? 'Ltd' : 'Limited'}`;
  return {
    name,
    industry: industry.name,
    domain: trade.toLowerCase().replace(/[^a-z]/g, ''),
    creditCode: city.region === 'mainland' ? creditCode(city, uniqueCode) : null,
  };
}

const englishCity = (city: City) =>
  pinyin(city.short, { toneType: 'none', type: 'array' })
    .join('')
    .replace(/^./, (c) => c.toUpperCase());

const codeAlphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** GB 11714 weights for the organisation code's check character. */
const organizationCodeWeights = [3, 7, 9, 10, 5, 8, 4, 2];

/**
 * A unified social credit code (GB 32100-2015): 9 (registered by market regulation) 1 (a company), the city's
 * division code, a 9-character organisation code (here `MA` + 6 characters, as codes issued since 2015 look,
 * with its GB 11714 check character), and the check character over all of it. `unique` < 31^6 picks the 6
 * characters, so codes do not repeat.
 */
export function creditCode(city: City, unique: number): string {
  let body = 'MA';
  let rest = unique;
  for (let i = 0; i < 6; i++) {
    body += codeAlphabet[rest % 31];
    rest = Math.floor(rest / 31);
  }
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = body.charCodeAt(i);
    const value = c <= 57 ? c - 48 : c - 55; // 0–9, then A = 10 … Z = 35
    sum += value * organizationCodeWeights[i]!;
  }
  const check = 11 - (sum % 11);
  const organizationCode = body + (check === 10 ? 'X' : check === 11 ? '0' : String(check));
  const first17 = `91${city.division}${organizationCode}`;
  return first17 + creditCodeCheckCharacter(first17)!;
}
