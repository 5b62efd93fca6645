import type { ErrorCode } from '#src/shared/errors.ts';
import type { Locale } from '#src/shared/schema.ts';

/** The user-facing title of each error, per language; developer detail goes to the log, not here. */
export const errorTitles: Record<ErrorCode, Record<Locale, string>> = {
  'request.invalid': { en: 'The request is not valid', 'zh-CN': '请求内容有误', 'zh-TW': '請求內容有誤' },
  'request.malformed_json': {
    en: 'The request body is not valid JSON',
    'zh-CN': '请求正文不是有效的 JSON',
    'zh-TW': '請求內文不是有效的 JSON',
  },
  'request.unsupported_media_type': {
    en: 'Unsupported content type',
    'zh-CN': '不支持的内容类型',
    'zh-TW': '不支援的內容類型',
  },
  'request.too_large': { en: 'The request is too large', 'zh-CN': '请求内容过大', 'zh-TW': '請求內容過大' },
  'request.not_found': { en: 'Not found', 'zh-CN': '未找到', 'zh-TW': '找不到' },
  'auth.required': { en: 'Please log in', 'zh-CN': '请先登录', 'zh-TW': '請先登入' },
  'auth.invalid_credentials': {
    en: 'Email or password is wrong',
    'zh-CN': '邮箱或密码错误',
    'zh-TW': '電子郵件或密碼錯誤',
  },
  'auth.token_expired': { en: 'Your login has expired', 'zh-CN': '登录已过期', 'zh-TW': '登入已逾時' },
  'auth.forbidden': {
    en: 'You do not have permission for this',
    'zh-CN': '您没有此操作的权限',
    'zh-TW': '您沒有此操作的權限',
  },
  'auth.csrf': {
    en: 'The request did not come from Guanxi',
    'zh-CN': '请求来源不可信',
    'zh-TW': '請求來源不可信',
  },
  'auth.rate_limited': {
    en: 'Too many attempts; try again later',
    'zh-CN': '尝试次数过多，请稍后再试',
    'zh-TW': '嘗試次數過多，請稍後再試',
  },
  'auth.wrong_password': {
    en: 'The current password is wrong',
    'zh-CN': '当前密码错误',
    'zh-TW': '目前密碼錯誤',
  },
  'auth.account_inactive': {
    en: 'This account has been deactivated',
    'zh-CN': '该账号已停用',
    'zh-TW': '該帳號已停用',
  },
  'record.version_conflict': {
    en: 'Someone else changed this record; reload it',
    'zh-CN': '记录已被他人修改，请刷新后重试',
    'zh-TW': '記錄已被他人修改，請重新整理後再試',
  },
  'user.not_found': { en: 'User not found', 'zh-CN': '用户不存在', 'zh-TW': '使用者不存在' },
  'user.email_taken': {
    en: 'This email is already in use',
    'zh-CN': '该邮箱已被使用',
    'zh-TW': '該電子郵件已被使用',
  },
  'user.last_admin': {
    en: 'Guanxi needs at least one active admin',
    'zh-CN': '系统至少需要一名在职管理员',
    'zh-TW': '系統至少需要一名在職管理員',
  },
  'user.self_deactivation': {
    en: 'You cannot deactivate your own account',
    'zh-CN': '不能停用自己的账号',
    'zh-TW': '不能停用自己的帳號',
  },
  'team.not_found': { en: 'Team not found', 'zh-CN': '团队不存在', 'zh-TW': '團隊不存在' },
  'team.name_taken': {
    en: 'A team with this name exists',
    'zh-CN': '团队名称已存在',
    'zh-TW': '團隊名稱已存在',
  },
  'team.has_members': { en: 'The team still has members', 'zh-CN': '团队仍有成员', 'zh-TW': '團隊仍有成員' },
  'customer.not_found': { en: 'Customer not found', 'zh-CN': '未找到该客户', 'zh-TW': '找不到該客戶' },
  'customer.ref_taken': {
    en: 'Another customer already has this ref',
    'zh-CN': '该编号已被其他客户使用',
    'zh-TW': '該編號已被其他客戶使用',
  },
  'customer.deleted': {
    en: 'The customer is in the recycle bin',
    'zh-CN': '该客户已被删除',
    'zh-TW': '該客戶已被刪除',
  },
  'customer.erased': {
    en: 'The personal data of this customer was erased',
    'zh-CN': '该客户的个人信息已被清除',
    'zh-TW': '該客戶的個人資料已被清除',
  },
  'customer.merged': {
    en: 'The customer was merged into another',
    'zh-CN': '该客户已合并到其他客户',
    'zh-TW': '該客戶已合併到其他客戶',
  },
  'customer.merge_invalid': {
    en: 'These customers cannot be merged',
    'zh-CN': '无法合并这些客户',
    'zh-TW': '無法合併這些客戶',
  },
  'customer_link.not_found': {
    en: 'Relationship not found',
    'zh-CN': '未找到该关系',
    'zh-TW': '找不到該關係',
  },
  'customer_link.exists': {
    en: 'These two are already linked',
    'zh-CN': '两者已存在关联',
    'zh-TW': '兩者已存在關聯',
  },
  'custom_field.not_found': {
    en: 'Custom field not found',
    'zh-CN': '未找到该自定义字段',
    'zh-TW': '找不到該自訂欄位',
  },
  'custom_field.key_taken': {
    en: 'A custom field with this key exists',
    'zh-CN': '已存在同名自定义字段',
    'zh-TW': '已存在同名自訂欄位',
  },
  'saved_view.not_found': { en: 'Saved view not found', 'zh-CN': '未找到该视图', 'zh-TW': '找不到該檢視' },
  'interaction.not_found': {
    en: 'Interaction not found',
    'zh-CN': '未找到该互动记录',
    'zh-TW': '找不到該互動記錄',
  },
  'product.not_found': { en: 'Product not found', 'zh-CN': '未找到该产品', 'zh-TW': '找不到該產品' },
  'product.sku_taken': {
    en: 'Another product already has this SKU',
    'zh-CN': '该 SKU 已被其他产品使用',
    'zh-TW': '該 SKU 已被其他產品使用',
  },
  'order.not_found': { en: 'Order not found', 'zh-CN': '未找到该订单', 'zh-TW': '找不到該訂單' },
  'order.ref_taken': {
    en: 'Another order already has this ref',
    'zh-CN': '该订单号已存在',
    'zh-TW': '該訂單編號已存在',
  },
  'import.not_found': { en: 'Import not found', 'zh-CN': '未找到该导入任务', 'zh-TW': '找不到該匯入工作' },
  'import.bad_file': {
    en: 'The file cannot be imported',
    'zh-CN': '无法导入该文件',
    'zh-TW': '無法匯入該檔案',
  },
  'import.bad_row': { en: 'A row cannot be imported', 'zh-CN': '该行无法导入', 'zh-TW': '該列無法匯入' },
  'import.state': {
    en: 'The import is not in a state that allows this',
    'zh-CN': '导入任务当前状态不允许此操作',
    'zh-TW': '匯入工作目前狀態不允許此操作',
  },
  'duplicate.not_found': {
    en: 'Duplicate candidate not found',
    'zh-CN': '未找到该重复记录',
    'zh-TW': '找不到該重複記錄',
  },
  'rfm_snapshot.not_found': {
    en: 'RFM snapshot not found',
    'zh-CN': '未找到该 RFM 快照',
    'zh-TW': '找不到該 RFM 快照',
  },
  'score_run.not_found': {
    en: 'Score recompute not found',
    'zh-CN': '未找到该次评分重算',
    'zh-TW': '找不到該次評分重算',
  },
  'analytics.insufficient_data': {
    en: 'The data cannot support this analysis',
    'zh-CN': '数据不足以完成此项分析',
    'zh-TW': '資料不足以完成此項分析',
  },
  'analytics.scores_running': {
    en: 'The customer scores are being recomputed already',
    'zh-CN': '客户评分正在重新计算中',
    'zh-TW': '客戶評分正在重新計算中',
  },
  'lead.not_found': { en: 'Lead not found', 'zh-CN': '线索不存在', 'zh-TW': '線索不存在' },
  'lead.ref_taken': {
    en: 'A lead with this ref exists',
    'zh-CN': '该编号的线索已存在',
    'zh-TW': '該編號的線索已存在',
  },
  'lead.converted': { en: 'The lead is converted already', 'zh-CN': '线索已转化', 'zh-TW': '線索已轉化' },
  'lead_form.not_found': { en: 'Form not found', 'zh-CN': '表单不存在', 'zh-TW': '表單不存在' },
  'lead_form.slug_taken': {
    en: 'A form with this address exists',
    'zh-CN': '该地址的表单已存在',
    'zh-TW': '該地址的表單已存在',
  },
  'lead_form.rate_limited': {
    en: 'Too many submissions; please try again later',
    'zh-CN': '提交过于频繁，请稍后再试',
    'zh-TW': '提交過於頻繁，請稍後再試',
  },
  'assignment_rule.not_found': {
    en: 'Assignment rule not found',
    'zh-CN': '分配规则不存在',
    'zh-TW': '分配規則不存在',
  },
  'score_rule.not_found': {
    en: 'Scoring rule not found',
    'zh-CN': '评分规则不存在',
    'zh-TW': '評分規則不存在',
  },
  'pipeline.not_found': { en: 'Pipeline not found', 'zh-CN': '销售漏斗不存在', 'zh-TW': '銷售漏斗不存在' },
  'pipeline.name_taken': {
    en: 'A pipeline with this name exists',
    'zh-CN': '同名销售漏斗已存在',
    'zh-TW': '同名銷售漏斗已存在',
  },
  'pipeline.in_use': {
    en: 'The pipeline still has opportunities',
    'zh-CN': '该销售漏斗中仍有商机',
    'zh-TW': '該銷售漏斗中仍有商機',
  },
  'stage.not_found': { en: 'Stage not found', 'zh-CN': '阶段不存在', 'zh-TW': '階段不存在' },
  'stage.in_use': {
    en: 'The stage still has opportunities',
    'zh-CN': '该阶段中仍有商机',
    'zh-TW': '該階段中仍有商機',
  },
  'opportunity.not_found': { en: 'Opportunity not found', 'zh-CN': '商机不存在', 'zh-TW': '商機不存在' },
  'opportunity.closed': {
    en: 'The opportunity is won or lost; reopen it first',
    'zh-CN': '商机已赢单或输单，请先重新打开',
    'zh-TW': '商機已贏單或輸單，請先重新開啟',
  },
  'opportunity.ref_taken': {
    en: 'An opportunity with this ref exists',
    'zh-CN': '该编号的商机已存在',
    'zh-TW': '該編號的商機已存在',
  },
  'opportunity.in_use': {
    en: 'Quotes, tasks or a lead refer to this opportunity',
    'zh-CN': '该商机仍被报价单、任务或线索引用',
    'zh-TW': '該商機仍被報價單、任務或線索引用',
  },
  'quote.not_found': { en: 'Quote not found', 'zh-CN': '报价单不存在', 'zh-TW': '報價單不存在' },
  'quote.expired': {
    en: 'The quote is past its validity',
    'zh-CN': '报价单已过有效期',
    'zh-TW': '報價單已過有效期',
  },
  'quote.state': {
    en: 'The quote cannot change in its current state',
    'zh-CN': '报价单当前状态不允许此操作',
    'zh-TW': '報價單目前狀態不允許此操作',
  },
  'server.pdf_font_missing': {
    en: 'No Chinese font is installed for PDFs',
    'zh-CN': '未安装用于 PDF 的中文字体',
    'zh-TW': '未安裝用於 PDF 的中文字型',
  },
  'task.not_found': { en: 'Task not found', 'zh-CN': '任务不存在', 'zh-TW': '任務不存在' },
  'task.state': {
    en: 'The task cannot change in its current state',
    'zh-CN': '任务当前状态不允许此操作',
    'zh-TW': '任務目前狀態不允許此操作',
  },
  'follow_up_rule.not_found': {
    en: 'Follow-up rule not found',
    'zh-CN': '回访规则不存在',
    'zh-TW': '回訪規則不存在',
  },
  'notification.not_found': { en: 'Notification not found', 'zh-CN': '通知不存在', 'zh-TW': '通知不存在' },
  'mail.not_found': { en: 'Mail not found', 'zh-CN': '邮件不存在', 'zh-TW': '郵件不存在' },
  'mail.state': {
    en: 'Only held or failed mail can be sent again',
    'zh-CN': '只有暂存或发送失败的邮件可以重新发送',
    'zh-TW': '只有暫存或傳送失敗的郵件可以重新傳送',
  },
  'target.not_found': { en: 'Target not found', 'zh-CN': '业绩目标不存在', 'zh-TW': '業績目標不存在' },
  'target.exists': {
    en: 'This target is set already',
    'zh-CN': '该业绩目标已设置',
    'zh-TW': '該業績目標已設定',
  },
  'account_plan.not_found': {
    en: 'Account plan not found',
    'zh-CN': '大客户计划不存在',
    'zh-TW': '大客戶計劃不存在',
  },
  'account_plan.exists': {
    en: 'The customer has an account plan already',
    'zh-CN': '该客户已有大客户计划',
    'zh-TW': '該客戶已有大客戶計劃',
  },
  'account_plan_contact.not_found': {
    en: 'Contact not found in the plan',
    'zh-CN': '计划中没有该联系人',
    'zh-TW': '計劃中沒有該聯絡人',
  },
  'api_token.not_found': { en: 'API token not found', 'zh-CN': 'API 令牌不存在', 'zh-TW': 'API 權杖不存在' },
  'server.unavailable': { en: 'Guanxi is shutting down', 'zh-CN': '服务正在关闭', 'zh-TW': '服務正在關閉' },
  'server.internal': {
    en: 'Something went wrong on our side',
    'zh-CN': '服务器内部错误',
    'zh-TW': '伺服器內部錯誤',
  },
};

/** Picks zh-CN, zh-TW or en from an Accept-Language header (Traditional for TW, HK and MO). */
export function localeFromHeader(header: string | undefined): Locale {
  for (const part of (header ?? '').toLowerCase().split(',')) {
    const tag = part.split(';')[0]!.trim();
    if (/^zh-(tw|hk|mo|hant)/.test(tag)) return 'zh-TW';
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return 'en';
}
