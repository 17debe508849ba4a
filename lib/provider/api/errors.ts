export type ErrorType = 'invalid_request' | 'payment' | 'operation_failed' | 'untyped';

/** A Chargebee-shaped API error: status, grouping, code and (when one parameter is at fault) its name. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly apiErrorCode: string,
    message: string,
    readonly options: { type?: ErrorType; param?: string; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The body Chargebee sends, with the legacy fields (error_code, error_msg, error_param) its older SDKs read. */
  toBody(): Record<string, unknown> {
    const { type, param } = this.options;
    return {
      message: this.message,
      ...(type ? { type } : {}),
      api_error_code: this.apiErrorCode,
      ...(param ? { param } : {}),
      error_code: this.apiErrorCode,
      error_msg: this.message,
      ...(param ? { error_param: param } : {}),
      http_status_code: this.status,
    };
  }
}

export const errors = {
  paramWrongValue: (param: string, reason: string) =>
    new ApiError(400, 'param_wrong_value', `${param} : ${reason}`, { type: 'invalid_request', param }),
  invalidRequest: (message: string, param?: string) =>
    new ApiError(400, 'invalid_request', message, { type: 'invalid_request', param }),
  duplicateEntry: (param: string, message: string) =>
    new ApiError(400, 'duplicate_entry', `${param} : ${message}`, { type: 'invalid_request', param }),
  paymentMethodNotPresent: (message: string) =>
    new ApiError(400, 'payment_method_not_present', message, { type: 'payment' }),
  paymentMethodVerificationFailed: (message: string, param?: string) =>
    new ApiError(400, 'payment_method_verification_failed', message, { type: 'payment', param }),
  paymentProcessingFailed: (message: string) =>
    new ApiError(400, 'payment_processing_failed', message, { type: 'payment' }),
  authenticationFailed: (message: string) =>
    new ApiError(401, 'api_authentication_failed', message, {
      type: 'untyped',
      headers: { 'WWW-Authenticate': 'Basic realm="Gatehouse API"' },
    }),
  notFound: (message: string, param?: string) =>
    new ApiError(404, 'resource_not_found', message, { type: 'invalid_request', param }),
  methodNotAllowed: (method: string) =>
    new ApiError(405, 'http_method_not_supported', `The ${method} method is not supported for this URL.`, {
      type: 'invalid_request',
    }),
  invalidState: (message: string) =>
    new ApiError(409, 'invalid_state_for_request', message, { type: 'invalid_request' }),
  unableToProcess: (message: string) =>
    new ApiError(422, 'unable_to_process_request', message, { type: 'invalid_request' }),
  tooLarge: (limit: number) =>
    new ApiError(413, 'invalid_request', `The request body is larger than ${limit} bytes.`, {
      type: 'invalid_request',
    }),
  rateLimited: (retryAfterSeconds: number) =>
    new ApiError(429, 'api_request_limit_exceeded', 'Too many requests. Try again later.', {
      type: 'operation_failed',
      headers: { 'Retry-After': String(retryAfterSeconds) },
    }),
  internal: () => new ApiError(500, 'internal_error', 'Sorry, something went wrong on our side.', {}),
  databaseUnavailable: () =>
    new ApiError(503, 'db_connection_failure', 'The service is temporarily unavailable. Retry shortly.', {
      type: 'untyped',
      headers: { 'Retry-After': '5' },
    }),
};
