import { weighted, WeightedChoice, type Random } from '#src/modules/demo/random.ts';

/**
 * Where demo customers live: every province-level division of mainland China plus Hong Kong and Macau, each
 * with a few major cities, weighted by population (2020 census, millions). Names are the official full names
 * (广东省, 深圳市); a municipality is its own city. `division` is the city's administrative division code
 * (GB/T 2260), which a unified social credit code carries in characters 3–8.
 */
export interface City {
  province: string;
  city: string;
  /** The city without its 市 (深圳), as company names use it. */
  short: string;
  division: string;
  /** Where people write traditional characters and dial +852 / +853. */
  region: 'mainland' | 'hongkong' | 'macau';
}

type Row = [city: string, short: string, division: string, population: number];

// prettier-ignore
const provinces: [province: string, cities: Row[]][] = [
  ['广东省', [['广州市', '广州', '440100', 18.7], ['深圳市', '深圳', '440300', 17.6], ['东莞市', '东莞', '441900', 10.5], ['佛山市', '佛山', '440600', 9.5], ['珠海市', '珠海', '440400', 2.4]]],
  ['山东省', [['济南市', '济南', '370100', 9.2], ['青岛市', '青岛', '370200', 10.1], ['烟台市', '烟台', '370600', 7.1], ['潍坊市', '潍坊', '370700', 9.4]]],
  ['河南省', [['郑州市', '郑州', '410100', 12.6], ['洛阳市', '洛阳', '410300', 7.1], ['南阳市', '南阳', '411300', 9.7]]],
  ['江苏省', [['南京市', '南京', '320100', 9.3], ['苏州市', '苏州', '320500', 12.7], ['无锡市', '无锡', '320200', 7.5], ['常州市', '常州', '320400', 5.3]]],
  ['四川省', [['成都市', '成都', '510100', 20.9], ['绵阳市', '绵阳', '510700', 4.9], ['宜宾市', '宜宾', '511500', 4.6]]],
  ['河北省', [['石家庄市', '石家庄', '130100', 11.2], ['唐山市', '唐山', '130200', 7.7], ['保定市', '保定', '130600', 9.2]]],
  ['湖南省', [['长沙市', '长沙', '430100', 10.0], ['株洲市', '株洲', '430200', 3.9], ['衡阳市', '衡阳', '430400', 6.6]]],
  ['浙江省', [['杭州市', '杭州', '330100', 11.9], ['宁波市', '宁波', '330200', 9.4], ['温州市', '温州', '330300', 9.6], ['金华市', '金华', '330700', 7.1]]],
  ['安徽省', [['合肥市', '合肥', '340100', 9.4], ['芜湖市', '芜湖', '340200', 3.6], ['阜阳市', '阜阳', '341200', 8.2]]],
  ['湖北省', [['武汉市', '武汉', '420100', 12.3], ['宜昌市', '宜昌', '420500', 4.0], ['襄阳市', '襄阳', '420600', 5.3]]],
  ['广西壮族自治区', [['南宁市', '南宁', '450100', 8.7], ['柳州市', '柳州', '450200', 4.2], ['桂林市', '桂林', '450300', 4.9]]],
  ['云南省', [['昆明市', '昆明', '530100', 8.5], ['曲靖市', '曲靖', '530300', 5.8], ['玉溪市', '玉溪', '530400', 2.2]]],
  ['江西省', [['南昌市', '南昌', '360100', 6.3], ['赣州市', '赣州', '360700', 9.0], ['九江市', '九江', '360400', 4.6]]],
  ['辽宁省', [['沈阳市', '沈阳', '210100', 9.1], ['大连市', '大连', '210200', 7.5], ['鞍山市', '鞍山', '210300', 3.3]]],
  ['福建省', [['福州市', '福州', '350100', 8.3], ['厦门市', '厦门', '350200', 5.2], ['泉州市', '泉州', '350500', 8.8]]],
  ['陕西省', [['西安市', '西安', '610100', 13.0], ['宝鸡市', '宝鸡', '610300', 3.3], ['咸阳市', '咸阳', '610400', 4.4]]],
  ['贵州省', [['贵阳市', '贵阳', '520100', 6.0], ['遵义市', '遵义', '520300', 6.6]]],
  ['山西省', [['太原市', '太原', '140100', 5.3], ['大同市', '大同', '140200', 3.1], ['运城市', '运城', '140800', 4.8]]],
  ['重庆市', [['重庆市', '重庆', '500103', 32.1]]],
  ['黑龙江省', [['哈尔滨市', '哈尔滨', '230100', 10.0], ['齐齐哈尔市', '齐齐哈尔', '230200', 4.1], ['大庆市', '大庆', '230600', 2.8]]],
  ['新疆维吾尔自治区', [['乌鲁木齐市', '乌鲁木齐', '650100', 4.1], ['克拉玛依市', '克拉玛依', '650200', 0.5]]],
  ['上海市', [['上海市', '上海', '310115', 24.9]]],
  ['甘肃省', [['兰州市', '兰州', '620100', 4.4], ['天水市', '天水', '620500', 3.0]]],
  ['内蒙古自治区', [['呼和浩特市', '呼和浩特', '150100', 3.4], ['包头市', '包头', '150200', 2.7], ['鄂尔多斯市', '鄂尔多斯', '150600', 2.2]]],
  ['吉林省', [['长春市', '长春', '220100', 9.1], ['吉林市', '吉林', '220200', 3.6]]],
  ['北京市', [['北京市', '北京', '110105', 21.9]]], ['天津市', [['天津市', '天津', '120116', 13.9]]],
  ['海南省', [['海口市', '海口', '460100', 2.9], ['三亚市', '三亚', '460200', 1.0]]],
  ['宁夏回族自治区', [['银川市', '银川', '640100', 2.9]]], ['青海省', [['西宁市', '西宁', '630100', 2.5]]],
  ['西藏自治区', [['拉萨市', '拉萨', '540100', 0.9]]], ['香港特别行政区', [['香港', '香港', '810000', 7.5]]],
  ['澳门特别行政区', [['澳门', '澳门', '820000', 0.7]]],
];

const regionOf = (province: string): City['region'] =>
  province.startsWith('香港') ? 'hongkong' : province.startsWith('澳门') ? 'macau' : 'mainland';

export const cities: City[] = provinces.flatMap(([province, rows]) =>
  rows.map(([city, short, division]) => ({ province, city, short, division, region: regionOf(province) })),
);

/** Anyone's home city, by population. */
export const cityByPopulation: WeightedChoice<City> = new WeightedChoice(
  cities,
  provinces.flatMap(([, rows]) => rows.map((row) => row[3])),
);

const byName = new Map(cities.map((c) => [c.city, c]));
const city = (name: string) => byName.get(name)!;

/** Where English-named customers and foreign firms mostly are: the international hubs. */
export const cityForForeigners: WeightedChoice<City> = weighted([
  [city('上海市'), 35],
  [city('北京市'), 22],
  [city('香港'), 15],
  [city('深圳市'), 10],
  [city('广州市'), 7],
  [city('苏州市'), 6],
  [city('成都市'), 3],
  [city('澳门'), 2],
]);

/**
 * Mainland mobile prefixes (13x, 15x, 18x) weighted roughly by how many numbers each carrier issued; every one
 * is valid in libphonenumber's metadata (tested), so `normalizePhone` accepts the numbers.
 */
// prettier-ignore
const mobilePrefixes = weighted([
  ['138', 9], ['139', 9], ['135', 7], ['136', 6], ['137', 6], ['134', 4], ['130', 5], ['131', 5], ['132', 5],
  ['133', 5], ['150', 5], ['151', 5], ['152', 4], ['153', 3], ['155', 4], ['156', 4], ['157', 3], ['158', 5],
  ['159', 5], ['180', 3], ['181', 3], ['182', 4], ['183', 3], ['185', 3], ['186', 5], ['187', 4], ['188', 4],
  ['189', 4],
] as const);
/** Hong Kong mobiles: 8 digits starting 5, 6 or 9; Macau mobiles: 8 digits starting 6. */
// prettier-ignore
const hongKongPrefixes = [
  '51', '52', '53', '55', '56', '59', '61', '62', '63', '64', '65', '66', '67', '68', '69', '90', '91', '92',
  '93', '94', '95', '96', '97', '98',
] as const;
const macauPrefixes = ['62', '63', '65', '66', '68'] as const;

/**
 * A mobile number for the region, written the ways people write them: mostly 11 bare digits, some grouped or
 * with the country code. `unique` (0 ≤ unique < 10^8) makes the subscriber digits, so no two customers share
 * a number unless they are meant to.
 */
export function mobilePhone(rng: Random, region: City['region'], unique: number): string {
  const subscriber = String(unique).padStart(8, '0');
  if (region === 'hongkong')
    return `+852 ${rng.pick(hongKongPrefixes)}${subscriber.slice(2, 4)} ${subscriber.slice(4)}`;
  if (region === 'macau')
    return `+853 ${rng.pick(macauPrefixes)}${subscriber.slice(2, 4)} ${subscriber.slice(4)}`;
  const prefix = mobilePrefixes.pick(rng);
  const style = rng.float();
  if (style < 0.8) return prefix + subscriber;
  if (style < 0.9) return `${prefix} ${subscriber.slice(0, 4)} ${subscriber.slice(4)}`;
  return `+86 ${prefix}${subscriber}`;
}
