import type Stripe from 'stripe';
import { getStripe } from './stripe.js';

/**
 * Finding: the key sits in the params, which stripe 22+ sends to Stripe as an
 * unknown parameter (and stripe 12–21 mistake for request options, dropping
 * the email). One finding: moving the key also gives the request its key.
 */
export async function createCustomer(userId: string, email: string): Promise<Stripe.Customer> {
  const params = { email, metadata: { userId }, idempotencyKey: `signup_${userId}` };
  return getStripe().customers.create(params);
}
