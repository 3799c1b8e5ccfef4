import type Stripe from 'stripe';
import { getStripe } from './stripe.js';

export class RefundService {
  constructor(private readonly stripe: Stripe = getStripe()) {}

  /** Finding: a redelivered "refund requested" job refunds the customer twice. */
  async refund(paymentIntentId: string, amount: number): Promise<Stripe.Refund> {
    return this.stripe.refunds.create({ payment_intent: paymentIntentId, amount });
  }

  /** Correct: one refund per dispute, whatever the number of attempts. */
  async refundDispute(disputeId: string, paymentIntentId: string): Promise<Stripe.Refund> {
    return this.stripe.refunds.create(
      { payment_intent: paymentIntentId },
      { idempotencyKey: `dispute_${disputeId}_refund` },
    );
  }
}
