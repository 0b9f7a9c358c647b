/** Whether an invoice shown in view mode gets the Charge Card button (no Stripe call). */
import type { Record } from 'N/record';
import { configsBySubsidiary } from '../core/config';
import { loadConfigs } from './configs';
import { chargePorts } from './charge';

/** Open (something due, not voided), its subsidiary served by a config, its customer linked with a default payment method known. */
export function chargeButtonWanted(invoice: Record): boolean {
  const due = Number(invoice.getValue({ fieldId: 'amountremaining' }) || 0);
  const status = String(invoice.getValue({ fieldId: 'status' }) || '');
  if (!(due > 0) || /void|paid/i.test(status)) return false;
  const config = configsBySubsidiary(loadConfigs())(String(invoice.getValue({ fieldId: 'subsidiary' }) || ''));
  const customerId = String(invoice.getValue({ fieldId: 'entity' }) || '');
  if (!config || !customerId) return false;
  try {
    const customer = chargePorts({ maxRetries: 0 }).customer(customerId, config);
    return !!customer.stripeId && !!customer.pmId;
  } catch {
    // a role that cannot read the customer cannot charge it either
    return false;
  }
}
