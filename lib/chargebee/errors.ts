export type ChargebeeErrorDetails = {
  status: number;
  apiErrorCode: string;
  message: string;
  param?: string;
  type?: string;
};

/** Any failed billing API call: a Chargebee error body, a timeout, an unreachable server or a reply we cannot read. */
export class ChargebeeError extends Error {
  readonly status: number;
  readonly apiErrorCode: string;
  readonly param?: string;
  readonly type?: string;

  constructor(details: ChargebeeErrorDetails) {
    super(details.message);
    this.name = 'ChargebeeError';
    this.status = details.status;
    this.apiErrorCode = details.apiErrorCode;
    this.param = details.param;
    this.type = details.type;
  }

  /** The billing server is down, slow or rate-limiting: worth trying again later. */
  get isTemporary(): boolean {
    return this.status === 429 || this.status >= 500;
  }
}

export function isChargebeeError(error: unknown): error is ChargebeeError {
  return error instanceof ChargebeeError;
}
