/** The scheduled refresh of one customer's default payment method: one Stripe call, a write only on change. */
import { StripeClient } from './stripe/client';
import { retrieveCustomer } from './stripe/customers';
import { DEFAULT_PM_EXPAND, defaultPaymentMethod } from './payment-method';
import { PmTarget } from './webhook-events';

export interface DefaultPmWork extends PmTarget {
  config: { id: string; name: string; secretId: string };
}

export interface RefreshPorts {
  stripe(config: DefaultPmWork['config']): StripeClient;
  writeDefault(target: PmTarget, value: { pmId: string; summary: string; at: number }): void;
  unlink(target: PmTarget, at: number): void;
}

export function refreshDefaultPm(ports: RefreshPorts, work: DefaultPmWork, nowSeconds: number): 'changed' | 'unchanged' | 'unlinked' {
  const customer = retrieveCustomer(ports.stripe(work.config), work.stripeId, DEFAULT_PM_EXPAND);
  if (customer.deleted) {
    ports.unlink(work, nowSeconds);
    return 'unlinked';
  }
  const pm = defaultPaymentMethod(customer) || { id: '', summary: '' };
  if (pm.id === work.pmId && pm.summary === work.pmSummary) return 'unchanged';
  ports.writeDefault(work, { pmId: pm.id, summary: pm.summary, at: Math.max(nowSeconds, work.pmAt) });
  return 'changed';
}
