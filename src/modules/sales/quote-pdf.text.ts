import type { QuoteStatus } from '#src/modules/sales/quotes.schema.ts';

/** The words of a quote's PDF in each language it is printed in (terms from GLOSSARY.md). */
export type PdfLanguage = 'zh-CN' | 'zh-TW' | 'en';

export interface PdfText {
  title: string;
  number: string;
  revision: string;
  date: string;
  validUntil: string;
  status: string;
  seller: string;
  customer: string;
  opportunity: string;
  line: string;
  product: string;
  quantity: string;
  unitPrice: string;
  discount: string;
  taxRate: string;
  amount: string;
  tax: string;
  subtotal: string;
  discountTotal: string;
  taxTotal: string;
  total: string;
  terms: string;
  page: (page: number, pages: number) => string;
  statuses: Record<QuoteStatus, string>;
}

export const pdfText: Record<PdfLanguage, PdfText> = {
  'zh-CN': {
    title: '报价单',
    number: '报价单号',
    revision: '版本',
    date: '报价日期',
    validUntil: '有效期至',
    status: '状态',
    seller: '报价方',
    customer: '客户',
    opportunity: '商机',
    line: '序号',
    product: '产品',
    quantity: '数量',
    unitPrice: '单价',
    discount: '折扣',
    taxRate: '税率',
    amount: '金额（不含税）',
    tax: '税额',
    subtotal: '小计',
    discountTotal: '折扣合计',
    taxTotal: '税额合计',
    total: '价税合计',
    terms: '条款',
    page: (page, pages) => `第 ${page} 页，共 ${pages} 页`,
    statuses: {
      draft: '草稿',
      sent: '已发送',
      accepted: '已接受',
      rejected: '已拒绝',
      expired: '已过期',
      superseded: '已被新版本取代',
    },
  },
  'zh-TW': {
    title: '報價單',
    number: '報價單號',
    revision: '版本',
    date: '報價日期',
    validUntil: '有效期至',
    status: '狀態',
    seller: '報價方',
    customer: '客戶',
    opportunity: '商機',
    line: '序號',
    product: '產品',
    quantity: '數量',
    unitPrice: '單價',
    discount: '折扣',
    taxRate: '稅率',
    amount: '金額（未稅）',
    tax: '稅額',
    subtotal: '小計',
    discountTotal: '折扣合計',
    taxTotal: '稅額合計',
    total: '含稅總計',
    terms: '條款',
    page: (page, pages) => `第 ${page} 頁，共 ${pages} 頁`,
    statuses: {
      draft: '草稿',
      sent: '已發送',
      accepted: '已接受',
      rejected: '已拒絕',
      expired: '已過期',
      superseded: '已被新版本取代',
    },
  },
  en: {
    title: 'Quote',
    number: 'Quote no.',
    revision: 'Revision',
    date: 'Date',
    validUntil: 'Valid until',
    status: 'Status',
    seller: 'From',
    customer: 'Customer',
    opportunity: 'Opportunity',
    line: '#',
    product: 'Product',
    quantity: 'Qty',
    unitPrice: 'Unit price',
    discount: 'Disc.',
    taxRate: 'Tax rate',
    amount: 'Amount (net)',
    tax: 'Tax',
    subtotal: 'Subtotal',
    discountTotal: 'Discounts',
    taxTotal: 'Tax',
    total: 'Total (incl. tax)',
    terms: 'Terms',
    page: (page, pages) => `Page ${page} of ${pages}`,
    statuses: {
      draft: 'Draft',
      sent: 'Sent',
      accepted: 'Accepted',
      rejected: 'Rejected',
      expired: 'Expired',
      superseded: 'Superseded',
    },
  },
};
