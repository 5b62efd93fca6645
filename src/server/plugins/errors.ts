import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { errorTitles, localeFromHeader } from '#src/shared/error-titles.ts';
import { AppError, type ErrorCode, type FieldError } from '#src/shared/errors.ts';

/** The problem+json body of DESIGN §4. */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: AppError) {
  const locale = localeFromHeader(request.headers['accept-language']);
  return reply
    .status(error.status)
    .headers(error.headers)
    .type('application/problem+json')
    .send({
      type: `urn:guanxi:problem:${error.code}`,
      title: errorTitles[error.code][locale],
      status: error.status,
      detail: error.message === error.code ? errorTitles[error.code].en : error.message,
      code: error.code,
      requestId: request.id,
      errors: error.errors,
    });
}

const frameworkCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'request.too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'request.unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'request.invalid',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'request.malformed_json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'request.malformed_json',
};

/** Zod issues as `{field, message}`, the field a dotted path (`items.0.quantity`) prefixed by where it was. */
function fieldErrors(error: FastifyError): FieldError[] {
  if (!hasZodFastifySchemaValidationErrors(error)) return [];
  const prefix = error.validationContext === 'body' ? '' : `${error.validationContext ?? ''}.`;
  return error.validation.flatMap((issue) => {
    const path = issue.instancePath.split('/').filter(Boolean).join('.');
    const at = (key?: string) =>
      `${prefix}${[path, key].filter(Boolean).join('.')}` || prefix.replace(/\.$/, '') || 'body';
    if (issue.keyword === 'unrecognized_keys') {
      const keys = (issue.params as { keys?: string[] }).keys ?? [];
      return keys.map((key) => ({ field: at(key), message: 'is not a known field', code: 'unknown_field' }));
    }
    return [{ field: at(), message: issue.message ?? 'is not valid', code: issue.keyword }];
  });
}

export function toAppError(error: FastifyError): AppError | null {
  if (error instanceof AppError) return error;
  if (error.validation) {
    const errors = fieldErrors(error);
    const detail = errors.map((e) => `${e.field}: ${e.message}`).join('; ') || error.message;
    return new AppError('request.invalid', detail, { errors });
  }
  const code = error.code ? frameworkCodes[error.code] : undefined;
  if (code) return new AppError(code, error.message);
  if (error instanceof SyntaxError || error.statusCode === 400)
    return new AppError('request.malformed_json', error.message);
  if (error.statusCode === 429) return new AppError('auth.rate_limited', error.message);
  if (error.statusCode === 413) return new AppError('request.too_large', error.message);
  if (error.statusCode === 415) return new AppError('request.unsupported_media_type', error.message);
  return null;
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const known = toAppError(error);
    if (known) {
      if (known.status >= 500) request.log.error({ err: error }, 'request failed');
      return sendProblem(request, reply, known);
    }
    // Unknown errors are bugs: log them with the request id, answer without internals.
    request.log.error({ err: error }, 'unexpected error');
    return sendProblem(
      request,
      reply,
      new AppError(
        'server.internal',
        'an unexpected error occurred; the log has details under this request id',
      ),
    );
  });
}
