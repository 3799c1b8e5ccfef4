import { CustomerResource } from './cjs/resources/Customers.js';
import { RefundResource } from './cjs/resources/Refunds.js';
import type { RawRequestOptions, RequestOptions as Options } from './cjs/lib.js';

declare class Stripe {
  constructor(apiKey: string);
  refunds: RefundResource;
  customers: CustomerResource;
  rawRequest(method: string, path: string, params?: Record<string, unknown>, options?: RawRequestOptions): Promise<any>;
}

declare namespace Stripe {
  type RequestOptions = Options;
}

export default Stripe;
