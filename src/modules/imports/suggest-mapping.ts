import { normalizeText } from '#src/modules/customers/customers.search-keys.ts';
import { importFields, type ImportEntity } from '#src/modules/imports/imports.schema.ts';

/**
 * Other names people give each field in their spreadsheets: English exports (Shopify, UCI Online Retail) and the
 * Chinese headers of Chinese CRM and shop exports. Compared after normalizing (lower case, simplified characters,
 * no spaces or punctuation).
 */
const synonyms: Record<ImportEntity, Record<string, string[]>> = {
  customers: {
    ref: [
      'customer ref',
      'customer id',
      'customerid',
      'customer no',
      'id',
      'code',
      '客户编号',
      '客户编码',
      '客户id',
      '会员编号',
      '会员号',
      '编号',
    ],
    kind: ['type', 'customer type', '客户类型', '类型'],
    name: [
      'full name',
      'customer name',
      'company',
      'company name',
      '姓名',
      '名称',
      '客户名称',
      '客户姓名',
      '公司名称',
      '企业名称',
    ],
    email: ['e-mail', 'mail', 'email address', '邮箱', '电子邮箱', '电子邮件', '邮件'],
    phone: [
      'mobile',
      'tel',
      'telephone',
      'cell',
      'phone number',
      '手机',
      '手机号',
      '手机号码',
      '电话',
      '联系电话',
    ],
    gender: ['sex', '性别'],
    birthday: ['birth date', 'date of birth', 'dob', '生日', '出生日期'],
    province: ['state', 'region', '省份', '省', '所在省份'],
    city: ['town', '城市', '市', '所在城市'],
    industry: ['sector', '行业', '所属行业'],
    tags: ['tag', 'labels', '标签'],
    created_at: [
      'created',
      'created date',
      'signup date',
      'registered at',
      '创建时间',
      '注册时间',
      '创建日期',
    ],
    // since 2015 a company's taxpayer number is its unified social credit code
    credit_code: [
      'credit code',
      'unified social credit code',
      'uscc',
      '统一社会信用代码',
      '社会信用代码',
      '信用代码',
      '纳税人识别号',
      '税号',
    ],
  },
  orders: {
    ref: [
      'order id',
      'orderid',
      'order no',
      'order number',
      'invoice',
      'invoiceno',
      'invoice no',
      '订单号',
      '订单编号',
      '单号',
    ],
    customer_ref: [
      'customer id',
      'customerid',
      'customer',
      'customer ref',
      'member id',
      '客户编号',
      '客户id',
      '会员编号',
      '客户',
    ],
    ordered_at: [
      'order date',
      'invoicedate',
      'invoice date',
      'date',
      'created at',
      '下单时间',
      '订单时间',
      '下单日期',
      '订单日期',
      '日期',
      '时间',
    ],
    amount: [
      'total',
      'order total',
      'amount paid',
      'revenue',
      '金额',
      '订单金额',
      '实付金额',
      '支付金额',
      '总金额',
      '总额',
    ],
    currency: ['currency code', '币种', '货币'],
    quantity: ['qty', 'count', '数量', '件数'],
    sku: ['stockcode', 'stock code', 'product code', 'item code', '商品编码', '商品编号', '货号', '产品编号'],
    product: [
      'description',
      'product name',
      'item',
      'item name',
      '商品名称',
      '商品',
      '产品名称',
      '产品',
      '品名',
    ],
    unit_price: ['unitprice', 'price', 'unit cost', '单价', '价格'],
  },
  interactions: {
    ref: ['id', 'interaction id', '记录编号', '编号'],
    customer_ref: ['customer id', 'customerid', 'customer', '客户编号', '客户id', '客户'],
    channel: ['type', 'medium', '渠道', '方式', '联系方式', '沟通方式'],
    direction: ['in out', '方向', '呼入呼出'],
    occurred_at: ['date', 'time', 'occurred', 'contacted at', '时间', '发生时间', '联系时间', '日期'],
    subject: ['title', 'topic', '主题', '标题'],
    notes: ['note', 'content', 'comments', 'description', '备注', '内容', '记录', '跟进内容'],
  },
  products: {
    sku: [
      'stockcode',
      'stock code',
      'product code',
      'code',
      'item code',
      '商品编码',
      '商品编号',
      '货号',
      '产品编号',
    ],
    name: ['product', 'product name', 'description', 'title', '商品名称', '产品名称', '名称', '品名'],
    category: ['type', 'group', '分类', '类别', '品类', '商品分类'],
    price: ['unit price', 'unitprice', 'list price', '价格', '单价', '售价'],
    currency: ['currency code', '币种', '货币'],
  },
  leads: {
    ref: ['lead id', 'id', '线索编号', '编号'],
    name: ['full name', 'contact', '姓名', '联系人'],
    company: ['organization', 'company name', '公司', '公司名称', '单位'],
    email: ['e-mail', 'mail', '邮箱', '电子邮件'],
    phone: ['mobile', 'tel', '手机', '电话', '手机号'],
    source: ['channel', 'lead source', '来源', '渠道'],
    province: ['state', '省份', '省'],
    city: ['town', '城市', '市'],
    notes: ['note', 'comments', '备注'],
  },
};

/** Letters and digits only, lower case, simplified characters: `Customer-ID` → `customerid`, `客戶編號` → `客户编号`. */
const compact = (text: string) => normalizeText(text).replace(/[^\p{L}\p{N}]+/gu, '');

/** Levenshtein distance, for near-misses such as `adress` or `phon`. */
function distance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!;
      previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length]!;
}

/** How well a header names a field, 0 to 1. */
function similarity(header: string, field: string, names: readonly string[]): number {
  const h = compact(header);
  if (!h) return 0;
  let best = 0;
  for (const name of [field, ...names]) {
    const n = compact(name);
    if (!n) continue;
    if (h === n) return 1;
    // a header that contains a field's name (`客户手机号` holds `手机号`), or the reverse, for names of 2+ letters
    if (n.length >= 2 && (h.includes(n) || n.includes(h)) && Math.min(h.length, n.length) >= 2)
      best = Math.max(best, 0.8 * (Math.min(h.length, n.length) / Math.max(h.length, n.length)) + 0.1);
    if (h.length >= 4 && n.length >= 4) {
      const ratio = 1 - distance(h, n) / Math.max(h.length, n.length);
      if (ratio >= 0.75) best = Math.max(best, ratio * 0.9);
    }
  }
  return best;
}

/**
 * A suggested field for each header (null when none fits), by name similarity: each field goes to the header
 * that names it best, so two headers never get the same field.
 */
export function suggestMapping(
  entity: ImportEntity,
  headers: readonly string[],
): Record<string, string | null> {
  const fields: readonly string[] = importFields[entity];
  const candidates: { header: number; field: string; score: number }[] = [];
  headers.forEach((header, i) => {
    for (const field of fields) {
      const score = similarity(header, field, synonyms[entity][field] ?? []);
      if (score >= 0.5) candidates.push({ header: i, field, score });
    }
  });
  candidates.sort((a, b) => b.score - a.score || a.header - b.header);
  const chosen = new Map<number, string>();
  const used = new Set<string>();
  for (const candidate of candidates) {
    if (chosen.has(candidate.header) || used.has(candidate.field)) continue;
    chosen.set(candidate.header, candidate.field);
    used.add(candidate.field);
  }
  const suggestion: Record<string, string | null> = {};
  headers.forEach((header, i) => {
    if (!(header in suggestion)) suggestion[header] = chosen.get(i) ?? null;
  });
  return suggestion;
}
