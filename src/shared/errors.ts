/** One error type for the whole application; the HTTP status comes from the code (STYLE.md, Errors). */

export const errorStatus = {
  'request.invalid': 400,
  'request.malformed_json': 400,
  'request.unsupported_media_type': 415,
  'request.too_large': 413,
  'request.not_found': 404,
  'auth.required': 401,
  'auth.invalid_credentials': 401,
  'auth.token_expired': 401,
  'auth.forbidden': 403,
  'auth.csrf': 403,
  'auth.rate_limited': 429,
  'auth.wrong_password': 400,
  'auth.account_inactive': 403,
  'record.version_conflict': 409,
  'user.not_found': 404,
  'user.email_taken': 409,
  'user.last_admin': 409,
  'user.self_deactivation': 409,
  'team.not_found': 404,
  'team.name_taken': 409,
  'team.has_members': 409,
  'api_token.not_found': 404,
  'customer.not_found': 404,
  'customer.ref_taken': 409,
  'customer.deleted': 409,
  'customer.erased': 409,
  'customer.merged': 409,
  'customer.merge_invalid': 409,
  'customer_link.not_found': 404,
  'customer_link.exists': 409,
  'custom_field.not_found': 404,
  'custom_field.key_taken': 409,
  'saved_view.not_found': 404,
  'interaction.not_found': 404,
  'product.not_found': 404,
  'product.sku_taken': 409,
  'order.not_found': 404,
  'order.ref_taken': 409,
  'import.not_found': 404,
  'import.bad_file': 400,
  'import.bad_row': 400,
  'import.state': 409,
  'duplicate.not_found': 404,
  'rfm_snapshot.not_found': 404,
  'score_run.not_found': 404,
  'analytics.insufficient_data': 409,
  'analytics.scores_running': 409,
  'lead.not_found': 404,
  'lead.ref_taken': 409,
  'lead.converted': 409,
  'lead_form.not_found': 404,
  'lead_form.slug_taken': 409,
  'lead_form.rate_limited': 429,
  'assignment_rule.not_found': 404,
  'score_rule.not_found': 404,
  'pipeline.not_found': 404,
  'pipeline.name_taken': 409,
  'pipeline.in_use': 409,
  'stage.not_found': 404,
  'stage.in_use': 409,
  'opportunity.not_found': 404,
  'opportunity.closed': 409,
  'opportunity.ref_taken': 409,
  'opportunity.in_use': 409,
  'quote.not_found': 404,
  'quote.expired': 409,
  'quote.state': 409,
  'server.pdf_font_missing': 503,
  'task.not_found': 404,
  'task.state': 409,
  'follow_up_rule.not_found': 404,
  'notification.not_found': 404,
  'mail.not_found': 404,
  'mail.state': 409,
  'target.not_found': 404,
  'target.exists': 409,
  'account_plan.not_found': 404,
  'account_plan.exists': 409,
  'account_plan_contact.not_found': 404,
  'server.unavailable': 503,
  'server.internal': 500,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export interface FieldError {
  field: string;
  message: string;
  code?: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly errors: FieldError[];
  readonly headers: Record<string, string>;

  constructor(
    code: ErrorCode,
    detail?: string,
    options: { errors?: FieldError[]; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(detail ?? code, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.errors = options.errors ?? [];
    this.headers = options.headers ?? {};
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

/** A single-field bad-input error, e.g. `invalid('email', 'is already taken')`. */
export const invalid = (field: string, message: string, code: ErrorCode = 'request.invalid') =>
  new AppError(code, `${field} ${message}`, { errors: [{ field, message }] });

export const notFound = (code: ErrorCode & `${string}.not_found`, id?: string) =>
  new AppError(code, id ? `no record ${id} that you may see` : undefined);

export const versionConflict = (entity: string, current: number) =>
  new AppError(
    'record.version_conflict',
    `the ${entity} was changed by someone else (now version ${current})`,
    {
      errors: [{ field: 'version', message: `is stale; current version is ${current}` }],
    },
  );
