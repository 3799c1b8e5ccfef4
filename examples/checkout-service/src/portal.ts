import { getStripe } from './stripe.js';

/** Correct: a billing portal session is short-lived and has no side effect; exempt by default. */
export async function portalUrl(customerId: string, returnUrl: string): Promise<string> {
  const session = await getStripe().billingPortal.sessions.create({ customer: customerId, return_url: returnUrl });
  return session.url;
}

/** Finding: every retry starts another checkout session. */
export async function checkoutUrl(customerId: string, priceId: string): Promise<string | null> {
  const session = await getStripe().checkout.sessions.create({
    customer: customerId,
    mode: 'subscription',
    line_items: [{ price: priceId, quantity: 1 }],
    success_url: 'https://shop.example/thanks',
  });
  return session.url;
}
