import type Stripe from 'stripe';
import { getStripe } from './stripe.js';

export interface Order {
  id: string;
  customerId: string;
  amount: number;
  currency: string;
}

/** One try at paying an order, recorded before the charge: a new one after a decline. */
export interface PaymentAttempt {
  id: string;
}

/**
 * Correct: the key names this attempt, the same on every retry of it. A key on the order alone
 * would replay a decline to the customer's next try with a new card.
 */
export async function chargeOrder(
  order: Order,
  attempt: PaymentAttempt,
): Promise<Stripe.PaymentIntent> {
  return getStripe().paymentIntents.create(
    { amount: order.amount, currency: order.currency, customer: order.customerId, confirm: true },
    { idempotencyKey: `order_${order.id}_attempt_${attempt.id}` },
  );
}

/** Correct: reading is idempotent, no key needed. */
export async function loadCustomer(order: Order): Promise<Stripe.Customer | Stripe.DeletedCustomer> {
  return getStripe().customers.retrieve(order.customerId);
}
