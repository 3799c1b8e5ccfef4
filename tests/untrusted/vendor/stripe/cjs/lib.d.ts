export interface RequestOptions {
  idempotencyKey?: string;
  stripeAccount?: string;
  headers?: Record<string, string>;
}

export type RawRequestOptions = RequestOptions & {
  additionalHeaders?: Record<string, string>;
};

export type Response<T> = T & { lastResponse: { requestId: string } };
