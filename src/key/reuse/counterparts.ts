/**
 * Creates that make the Stripe counterpart of one record of the app, and the
 * kind of object made: a record that holds its counterpart's id
 * (`stripeCustomerId`) names the one creation. Not the creates a record makes
 * many of (subscriptions, invoice items, refunds, balance transactions).
 */
export const COUNTERPART_CREATES: ReadonlyMap<string, string> = new Map([
  ['customers.create', 'customer'],
  ['accounts.create', 'account'],
  ['paymentIntents.create', 'paymentIntent'],
  ['transfers.create', 'transfer'],
]);

/** `stripeCustomerId`, `customerId`, `stripe_customer_id` for `customer`. */
export function namesCounterpart(name: string, kind: string): boolean {
  const plain = name.toLowerCase().replace(/_/g, '');
  const id = `${kind.toLowerCase()}id`;
  return plain === id || plain === `stripe${id}`;
}
