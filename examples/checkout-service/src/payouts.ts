import { randomUUID } from 'node:crypto';
import type Stripe from 'stripe';
import { getStripe } from './stripe.js';

export interface PayoutRepository {
  recordAttempt(attempt: { sellerId: string; amount: number; key: string }): Promise<void>;
}

/** Finding: the key changes on every retry, so a retried job pays the seller twice. */
export async function paySeller(sellerAccountId: string, amount: number): Promise<Stripe.Transfer> {
  return getStripe().transfers.create(
    { amount, currency: 'usd', destination: sellerAccountId },
    { idempotencyKey: `transfer_${sellerAccountId}_${Date.now()}` },
  );
}

/** Correct: a random key, stored before the call so a retry can read it back. */
export async function paySellerOnce(repo: PayoutRepository, sellerAccountId: string, amount: number): Promise<Stripe.Transfer> {
  const key = randomUUID();
  await repo.recordAttempt({ sellerId: sellerAccountId, amount, key });
  return getStripe().transfers.create({ amount, currency: 'usd', destination: sellerAccountId }, { idempotencyKey: key });
}
