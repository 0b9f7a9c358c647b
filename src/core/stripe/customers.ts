/** The Stripe customer endpoints PayPack uses, typed by stripe-node (the pinned API version's objects). */
import type Stripe from 'stripe';
import { StripeClient } from './client';
import { StripeParams } from './form';

/** A customer as retrieve answers it: a deleted one keeps only its id. */
export type RetrievedCustomer = Stripe.Customer | Stripe.DeletedCustomer;

interface List<T> { data: T[]; has_more: boolean }

export function listCustomersByEmail(client: StripeClient, email: string): Stripe.Customer[] {
  return client.get<List<Stripe.Customer>>('/v1/customers', { email, limit: 100 }).data;
}

/** Stripe's search can lag writes by up to a minute: use it only where idempotency covers the gap. */
export function searchCustomers(client: StripeClient, query: string): Stripe.Customer[] {
  return client.get<List<Stripe.Customer>>('/v1/customers/search', { query, limit: 100 }).data;
}

export function createCustomer(client: StripeClient, params: StripeParams, idempotencyKey: string): Stripe.Customer {
  return client.post<Stripe.Customer>('/v1/customers', params, idempotencyKey);
}

export function updateCustomer(client: StripeClient, id: string, params: StripeParams, idempotencyKey: string): Stripe.Customer {
  return client.post<Stripe.Customer>(`/v1/customers/${encodeURIComponent(id)}`, params, idempotencyKey);
}

export function retrieveCustomer(client: StripeClient, id: string, expand: string[] = []): RetrievedCustomer {
  return client.get<RetrievedCustomer>(`/v1/customers/${encodeURIComponent(id)}`, expand.length ? { expand } : {});
}

export function createPortalSession(client: StripeClient, customer: string, returnUrl: string | undefined, idempotencyKey: string): Stripe.BillingPortal.Session {
  // no return_url (undefined is not sent): Stripe uses the portal's default
  return client.post<Stripe.BillingPortal.Session>('/v1/billing_portal/sessions', { customer, return_url: returnUrl }, idempotencyKey);
}

/** Stripe's search query syntax for an exact value (quotes and backslashes escaped). */
export function searchValue(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
