import type { RequestOptions, Response } from '../lib.js';

export interface Customer {
  id: string;
  email: string | null;
}

export interface CustomerCreateParams {
  email?: string;
}

export declare class CustomerResource {
  create(params?: CustomerCreateParams, options?: RequestOptions): Promise<Response<Customer>>;
  retrieve(id: string, params?: object, options?: RequestOptions): Promise<Response<Customer>>;
  update(id: string, params?: CustomerCreateParams, options?: RequestOptions): Promise<Response<Customer>>;
  del(id: string, params?: object, options?: RequestOptions): Promise<Response<Customer>>;
}
