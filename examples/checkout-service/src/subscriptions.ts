import type Stripe from 'stripe';
import { getStripe } from './stripe.js';

/** Finding: changing the plan can invoice and charge at once. */
export async function upgradePlan(subscriptionId: string, priceId: string): Promise<Stripe.Subscription> {
  const { subscriptions } = getStripe();
  return subscriptions.update(subscriptionId, { items: [{ price: priceId }], proration_behavior: 'always_invoice' });
}

/** Correct: in the SDK `subscriptions.cancel` is a DELETE, idempotent by definition. */
export async function cancelPlan(subscriptionId: string): Promise<Stripe.Subscription> {
  return getStripe().subscriptions.cancel(subscriptionId);
}

/** Correct: the caller passes its own request options (the rule gives them the benefit of the doubt). */
export async function pausePlan(subscriptionId: string, options: Stripe.RequestOptions): Promise<Stripe.Subscription> {
  return getStripe().subscriptions.update(subscriptionId, { pause_collection: { behavior: 'void' } }, options);
}

/** Finding: keyed on the subscription alone, the next seat change within 24 hours fails. */
export async function changeSeats(subscription: Stripe.Subscription, seats: number): Promise<Stripe.Subscription> {
  return getStripe().subscriptions.update(
    subscription.id,
    { items: [{ id: subscription.items.data[0].id, quantity: seats }] },
    { idempotencyKey: `seats:${subscription.id}` },
  );
}

/** Correct: the seat change's own record names this one change. */
export async function applySeatChange(
  subscription: Stripe.Subscription,
  change: { id: string; seats: number },
): Promise<Stripe.Subscription> {
  return getStripe().subscriptions.update(
    subscription.id,
    { items: [{ id: subscription.items.data[0].id, quantity: change.seats }] },
    { idempotencyKey: `seat-change:${change.id}` },
  );
}
