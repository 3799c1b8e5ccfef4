import type { RequestOptions, Response } from '../lib.js';

export interface Refund {
  id: string;
  amount: number;
}

export interface RefundCreateParams {
  charge?: string;
  amount?: number;
}

export declare class RefundResource {
  create(params?: RefundCreateParams, options?: RequestOptions): Promise<Response<Refund>>;
  retrieve(id: string, params?: object, options?: RequestOptions): Promise<Response<Refund>>;
  /** Not in the real SDK: a report for it proves the verbs come from this stand-in. */
  expire(id: string, params?: object, options?: RequestOptions): Promise<Response<Refund>>;
}
