import Stripe from 'stripe';

let client: Stripe | undefined;

/** One client for the whole service. */
export function getStripe(): Stripe {
  client ??= new Stripe(process.env.STRIPE_SECRET_KEY ?? '');
  return client;
}
