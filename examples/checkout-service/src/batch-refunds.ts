import type Stripe from 'stripe';
import { getStripe } from './stripe.js';

export interface CancelledOrder {
  id: string;
  paymentIntentId: string;
}

/** Finding: one key for the whole batch, so only the first customer is refunded. */
export async function refundCancelledOrders(batchId: string, orders: CancelledOrder[]): Promise<Stripe.Refund[]> {
  const refunds: Stripe.Refund[] = [];
  for (const order of orders) {
    refunds.push(
      await getStripe().refunds.create({ payment_intent: order.paymentIntentId }, { idempotencyKey: `refund_batch_${batchId}` }),
    );
  }
  return refunds;
}

/** Correct: one key per order, the same on every re-run of the batch. */
export async function refundEachOrder(orders: CancelledOrder[]): Promise<Stripe.Refund[]> {
  return Promise.all(
    orders.map((order) =>
      getStripe().refunds.create({ payment_intent: order.paymentIntentId }, { idempotencyKey: `order_${order.id}_cancel_refund` }),
    ),
  );
}
