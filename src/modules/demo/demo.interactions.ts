import type { DemoCalendar } from '#src/modules/demo/demo.calendar.ts';
import type { Skeleton, Timeline } from '#src/modules/demo/demo.purchases.ts';
import { WeightedChoice, type Random } from '#src/modules/demo/random.ts';

/**
 * Contacts with demo customers on every channel. Some follow an order (shipping notice, satisfaction call,
 * delivery question, return), some are the season's campaign (Double 11 pre-sale, 618, New Year goods), the
 * rest are everyday sales and service work — visits and quotations for organisations, chats and store visits
 * for people. Subjects are in Chinese, or in English for customers with English names.
 */
export type Channel = 'visit' | 'phone' | 'email' | 'sms' | 'wechat' | 'web' | 'social' | 'store' | 'event';
export type Direction = 'inbound' | 'outbound';

interface Template {
  channel: Channel;
  direction: Direction;
  zh: string;
  en: string;
}

type Row = [Channel, Direction, zh: string, en: string, weight: number];

const table = (rows: Row[]) =>
  new WeightedChoice<Template>(
    rows.map(([channel, direction, zh, en]) => ({ channel, direction, zh, en })),
    rows.map((row) => row[4]),
  );

const afterOrder = table([
  ['sms', 'outbound', '您的订单已发货', 'Your order has shipped', 30],
  ['phone', 'outbound', '购买满意度回访', 'Satisfaction follow-up call', 12],
  ['wechat', 'inbound', '咨询商品使用方法', 'Asked how to use the product', 12],
  ['phone', 'inbound', '查询物流进度', 'Asked about the delivery status', 10],
  ['email', 'outbound', '电子发票已开具', 'Your e-invoice is ready', 12],
  ['social', 'inbound', '在小红书分享了购物体验', 'Shared a review on social media', 6],
  ['web', 'inbound', '在官网提交了商品评价', 'Left a product review on the website', 8],
  ['wechat', 'inbound', '申请退换货', 'Asked to return or exchange an item', 4],
  ['email', 'inbound', '投诉：配送延迟', 'Complaint: late delivery', 3],
]);

const everydayPerson = table([
  ['wechat', 'inbound', '咨询优惠活动', 'Asked about current promotions', 20],
  ['store', 'inbound', '到店体验新品', 'Visited the store to try new products', 16],
  ['web', 'inbound', '官网在线咨询：产品价格', 'Website chat: pricing question', 14],
  ['social', 'inbound', '微博评论互动', 'Commented on our social media post', 8],
  ['phone', 'outbound', '会员权益介绍', 'Call about membership benefits', 8],
  ['wechat', 'outbound', '专属顾问添加微信', 'Personal shopper added on WeChat', 10],
  ['event', 'inbound', '参加会员沙龙', "Attended a members' event", 5],
  ['store', 'inbound', '门店试用后留下联系方式', 'Left contact details after a store visit', 6],
  ['visit', 'outbound', '上门安装与使用指导', 'Home visit for installation and setup', 2],
  ['email', 'inbound', '咨询会员积分兑换', 'Asked how to redeem loyalty points', 6],
  ['sms', 'outbound', '会员积分即将到期提醒', 'Loyalty points expiring soon', 5],
]);

const everydayOrganization = table([
  ['visit', 'outbound', '上门拜访，了解采购需求', 'On-site visit: procurement needs', 16],
  ['visit', 'outbound', '季度业务回顾', 'Quarterly business review', 8],
  ['visit', 'outbound', '产品演示', 'Product demo', 6],
  ['phone', 'outbound', '商务洽谈：年度框架协议', 'Call about the annual framework agreement', 12],
  ['phone', 'outbound', '续约沟通', 'Renewal discussion', 8],
  ['phone', 'inbound', '咨询售后维保', 'Asked about maintenance and support', 6],
  ['email', 'outbound', '发送报价单', 'Sent a quotation', 14],
  ['email', 'outbound', '合同草案确认', 'Contract draft for review', 6],
  ['email', 'inbound', '询价：批量采购', 'Request for a bulk quote', 10],
  ['email', 'inbound', '发票与对账', 'Invoice reconciliation', 6],
  ['wechat', 'outbound', '对接人微信沟通交付进度', 'WeChat with the contact about the delivery schedule', 8],
  ['event', 'inbound', '行业展会交流', 'Met at a trade fair', 5],
  ['event', 'outbound', '邀请出席客户答谢会', 'Invited to the customer appreciation dinner', 3],
  ['web', 'inbound', '官网提交合作意向', 'Partnership enquiry via the website', 4],
  ['sms', 'outbound', '会议时间提醒', 'Meeting reminder', 3],
  ['social', 'inbound', '通过领英联系', 'Got in touch on LinkedIn', 2],
  ['store', 'inbound', '到展厅看样品', 'Came to the showroom to see samples', 2],
]);

/** The season's campaign message for a day, by month and day. */
function campaign(calendar: DemoCalendar, day: number): [zh: string, en: string] {
  const [month, date] = [calendar.month(day), Number(calendar.dayText[day]!.slice(8, 10))];
  if ((month === 10 && date >= 20) || (month === 11 && date <= 11))
    return ['双十一预售开启，定金立减', "Singles' Day pre-sale is open"];
  if (month === 6 && date <= 18)
    return ['618 年中大促，满减券已到账', '618 mid-year sale: your coupons are ready'];
  if (month === 12 && date >= 15) return ['年货节好物推荐', 'Chinese New Year gift ideas'];
  if (month === 1 || (month === 2 && date <= 10))
    return ['春节放假及发货安排通知', 'Spring Festival holiday shipping notice'];
  if (month === 3 && date <= 8) return ['女神节专享礼遇', "Women's Day offers"];
  if (month === 9) return ['中秋月饼礼盒预订', 'Mid-Autumn mooncake pre-orders'];
  return (day & 1) === 0 ? ['会员专享月度优惠', "Members' monthly offers"] : ['新品上市通知', 'New arrivals'];
}

const campaignChannels = new WeightedChoice<Channel>(['email', 'sms', 'wechat'], [4, 4, 2]);

// prettier-ignore
const notesZh = [
  '客户反馈良好，计划下月再次购买。', '需跟进报价。', '已发送优惠券。', '客户希望周末送货。', '对价格比较敏感。', '已转交售后处理。', '约定下周再联系。',
];
// prettier-ignore
const notesEn = [
  'Positive feedback, plans to buy again next month.', 'Follow up with a quote.', 'Sent a coupon.',
  'Prefers weekend delivery.', 'Price-sensitive.', 'Passed to after-sales.',
  'Agreed to talk again next week.',
];

export interface Interaction {
  channel: Channel;
  direction: Direction;
  day: number;
  second: number;
  subject: string;
  notes: string;
}

/**
 * One contact with a customer: after one of the orders in `timeline`, a campaign, or everyday work; never
 * before the customer was created or the order it follows was placed.
 */
export function drawInteraction(
  rng: Random,
  calendar: DemoCalendar,
  customer: Skeleton,
  timeline: Timeline,
): Interaction {
  const last = calendar.days - 1;
  const anyDay = () => rng.between(customer.createdDay, last);
  let template: Template;
  let day: number;
  let earliest = 0;
  const roll = rng.float();
  if (timeline.length > 0 && roll < 0.45) {
    template = afterOrder.pick(rng);
    const order = rng.int(timeline.length);
    day = Math.min(last, timeline.day[order]! + rng.between(0, 5));
    if (day === timeline.day[order]) earliest = timeline.second[order]!;
  } else if (!customer.organization && roll < 0.75) {
    day = anyDay();
    const [zh, en] = campaign(calendar, day);
    template = { channel: campaignChannels.pick(rng), direction: 'outbound', zh, en };
  } else {
    template = (customer.organization ? everydayOrganization : everydayPerson).pick(rng);
    day = anyDay();
  }
  if (day === customer.createdDay) earliest = Math.max(earliest, customer.createdSecond);
  const notes = rng.chance(0.3) ? rng.pick(customer.english ? notesEn : notesZh) : '';
  return {
    channel: template.channel,
    direction: template.direction,
    day,
    second: Math.max(earliest, calendar.workSecond(rng.float())),
    subject: customer.english ? template.en : template.zh,
    notes,
  };
}

/** How many contacts a customer gets over the span: more for organisations and for those who order more. */
export const interactionCount = (rng: Random, organization: boolean, orders: number): number =>
  Math.min(300, rng.poisson(organization ? 2 + 0.6 * orders : 0.5 + 0.3 * orders));
