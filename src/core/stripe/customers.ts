/** The Stripe customer endpoints PayPack uses, typed to the fields it reads. */
import { StripeClient } from './client';
import { StripeParams } from './form';

export interface StripeCustomer {
  id: string;
  object: 'customer';
  deleted?: boolean;
  email: string | null;
  name?: string | null;
  metadata: Record<string, string>;
  invoice_settings?: { default_payment_method: string | StripePaymentMethod | null };
  default_source?: string | StripeSource | null;
}

export interface StripePaymentMethod {
  id: string;
  object: 'payment_method';
  type: string;
  customer: string | null;
  card?: { brand: string; last4: string; exp_month: number; exp_year: number };
  us_bank_account?: { bank_name: string | null; last4: string | null };
  sepa_debit?: { last4: string | null; bank_code?: string | null };
  link?: { email: string | null };
  [other: string]: unknown;
}

export interface StripeSource {
  id: string;
  object: string;
  brand?: string;
  last4?: string;
  exp_month?: number;
  exp_year?: number;
  bank_name?: string;
}

interface List<T> { data: T[]; has_more: boolean }

export function listCustomersByEmail(client: StripeClient, email: string): StripeCustomer[] {
  return client.get<List<StripeCustomer>>('/v1/customers', { email, limit: 100 }).data;
}

/** Stripe's search can lag writes by up to a minute: use it only where idempotency covers the gap. */
export function searchCustomers(client: StripeClient, query: string): StripeCustomer[] {
  return client.get<List<StripeCustomer>>('/v1/customers/search', { query, limit: 100 }).data;
}

export function createCustomer(client: StripeClient, params: StripeParams, idempotencyKey: string): StripeCustomer {
  return client.post<StripeCustomer>('/v1/customers', params, idempotencyKey);
}

export function updateCustomer(client: StripeClient, id: string, params: StripeParams, idempotencyKey: string): StripeCustomer {
  return client.post<StripeCustomer>(`/v1/customers/${encodeURIComponent(id)}`, params, idempotencyKey);
}

export function retrieveCustomer(client: StripeClient, id: string, expand: string[] = []): StripeCustomer {
  return client.get<StripeCustomer>(`/v1/customers/${encodeURIComponent(id)}`, expand.length ? { expand } : {});
}

export function createPortalSession(client: StripeClient, customer: string, returnUrl: string | undefined, idempotencyKey: string): { url: string } {
  const params: StripeParams = { customer };
  if (returnUrl) params.return_url = returnUrl;
  return client.post<{ url: string }>('/v1/billing_portal/sessions', params, idempotencyKey);
}

/** Stripe's search query syntax for an exact value (quotes and backslashes escaped). */
export function searchValue(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
