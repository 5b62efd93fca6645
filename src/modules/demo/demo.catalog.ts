/**
 * The demo shop's catalogue: consumer goods for people, office equipment and services for organisations, and
 * free gifts (zero-price lines, which make zero-value orders). Each base product comes in a few variants at
 * stepped prices that end in 9, as shop prices do. Prices are integer minor units of CNY.
 */
export interface Product {
  sku: string;
  name: string;
  category: string;
  /** CNY fen. */
  price: number;
  /** Who buys it: shoppers, companies, or nobody on purpose (gifts). */
  market: 'consumer' | 'business' | 'gift';
}

type Base = [name: string, low: number, high: number];

interface Category {
  name: string;
  code: string;
  market: Product['market'];
  variants: string[];
  items: Base[];
}

// prettier-ignore
const categories: Category[] = [
  { name: '数码电子', code: 'DIG', market: 'consumer', variants: ['青春版', '标准版', 'Pro', '旗舰版'], items: [['无线蓝牙耳机', 199, 899], ['智能手表', 699, 2499], ['充电宝', 99, 299], ['机械键盘', 299, 899], ['平板电脑', 1999, 5999], ['手机壳', 29, 99], ['智能音箱', 199, 599], ['运动相机', 1499, 2999]] },
  { name: '家用电器', code: 'APP', market: 'consumer', variants: ['基础款', '标准款', '升级款', '旗舰款'], items: [['空气净化器', 899, 3299], ['扫地机器人', 1499, 4999], ['电饭煲', 299, 1299], ['电动牙刷', 199, 699], ['吹风机', 199, 1999], ['咖啡机', 799, 4999], ['加湿器', 149, 499]] },
  { name: '服装鞋包', code: 'FAS', market: 'consumer', variants: ['基础款', '经典款', '联名款', '高端系列'], items: [['羊毛大衣', 899, 2999], ['运动鞋', 399, 1299], ['真丝围巾', 299, 899], ['双肩包', 199, 699], ['纯棉T恤', 79, 199], ['牛仔裤', 199, 599], ['羽绒服', 599, 2599]] },
  { name: '美妆个护', code: 'BEA', market: 'consumer', variants: ['30ml', '50ml', '100ml', '套装'], items: [['保湿面霜', 159, 899], ['精华液', 299, 1599], ['口红', 199, 399], ['防晒霜', 99, 299], ['洗发水', 49, 159], ['香水', 399, 1299]] },
  { name: '食品饮料', code: 'FOO', market: 'consumer', variants: ['250g', '500g', '家庭装', '礼盒装'], items: [['精品咖啡豆', 79, 199], ['龙井茶叶', 199, 1299], ['坚果礼盒', 99, 299], ['有机牛奶', 59, 129], ['进口红酒', 129, 899], ['月饼礼盒', 168, 588], ['年货礼盒', 199, 899]] },
  { name: '母婴用品', code: 'BAB', market: 'consumer', variants: ['经济装', '标准装', '加量装', '豪华装'], items: [['婴儿纸尿裤', 129, 259], ['婴儿奶粉', 249, 459], ['儿童安全座椅', 899, 2999], ['婴儿推车', 999, 3999]] },
  { name: '家居家装', code: 'HOM', market: 'consumer', variants: ['标准款', '舒适款', '加大款', '豪华款'], items: [['乳胶枕', 199, 599], ['四件套床品', 299, 1299], ['香薰蜡烛', 69, 199], ['收纳箱', 39, 129], ['人体工学椅', 999, 3999]] },
  { name: '运动户外', code: 'SPO', market: 'consumer', variants: ['入门款', '进阶款', '专业款'], items: [['瑜伽垫', 79, 299], ['露营帐篷', 399, 1999], ['登山杖', 99, 399], ['跑步机', 2999, 7999], ['骑行头盔', 199, 699]] },
  { name: '图书文具', code: 'BOO', market: 'consumer', variants: ['单册', '套装', '礼盒'], items: [['钢笔', 99, 999], ['笔记本', 19, 79], ['精装图书', 49, 199]] },
  { name: '办公设备', code: 'OFF', market: 'business', variants: ['基础型', '商务型', '高配型'], items: [['激光打印机', 1299, 5999], ['会议平板', 9999, 39999], ['商用投影仪', 3999, 15999], ['办公电脑', 4299, 9999], ['碎纸机', 599, 1999]] },
  { name: '企业服务', code: 'SVC', market: 'business', variants: ['基础版', '专业版', '企业版'], items: [['CRM 软件年度订阅', 9800, 98000], ['云服务器年度套餐', 3600, 36000], ['设备年度维保', 2000, 20000], ['员工培训课程', 1980, 19800], ['实施咨询服务', 5000, 50000]] },
  { name: '赠品', code: 'GFT', market: 'gift', variants: [''], items: [['会员礼品帆布袋', 0, 0], ['试用装小样', 0, 0], ['品牌定制水杯', 0, 0]] },
];

/** A shop price: rounded to a step that suits its size and ending in 9 (199, 1299, 9800 stays round). */
function shopPrice(yuan: number): number {
  if (yuan <= 0) return 0;
  if (yuan >= 5000) return Math.round(yuan / 100) * 100;
  const step = yuan < 100 ? 10 : 100;
  return Math.max(step, Math.round(yuan / step) * step) - 1;
}

function buildCatalog(): Product[] {
  const products: Product[] = [];
  for (const category of categories) {
    let number = 1001;
    for (const [base, low, high] of category.items) {
      const count = category.variants.length;
      category.variants.forEach((variant, v) => {
        const yuan = count === 1 ? low : low + ((high - low) * v) / (count - 1);
        products.push({
          sku: `${category.code}-${number++}`,
          name: variant ? `${base} ${variant}` : base,
          category: category.name,
          price: shopPrice(yuan) * 100,
          market: category.market,
        });
      });
    }
  }
  return products;
}

/** Every product, in SKU order within category. */
export const catalog: readonly Product[] = buildCatalog();
