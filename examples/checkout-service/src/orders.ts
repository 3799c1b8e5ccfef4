import type Stripe from 'stripe';
import { getStripe } from './stripe.js';

export interface Order {
  id: string;
  customerId: string;
  amount: number;
  currency: string;
}

/** Correct: the key is the order's identity, the same on every retry. */
export async function chargeOrder(order: Order): Promise<Stripe.PaymentIntent> {
  return getStripe().paymentIntents.create(
    { amount: order.amount, currency: order.currency, customer: order.customerId, confirm: true },
    { idempotencyKey: `order_${order.id}_charge` },
  );
}

/** Correct: reading is idempotent, no key needed. */
export async function loadCustomer(order: Order): Promise<Stripe.Customer | Stripe.DeletedCustomer> {
  return getStripe().customers.retrieve(order.customerId);
}
