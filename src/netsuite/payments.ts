/** The payment ledger in NetSuite: one PayPack Stripe Payment row per Stripe charge, under its customer. */
import * as record from 'N/record';
import * as search from 'N/search';
import { PAYMENT, RECORD } from '../core/ids';
import { PaymentRow } from '../core/payments';

/** What an update may change: Stripe's current state of the charge. */
function stateOf(row: PaymentRow): Record<string, string | number> {
  return {
    [PAYMENT.intentId]: row.intentId, [PAYMENT.invoiceId]: row.invoiceId, [PAYMENT.amount]: row.amount, [PAYMENT.currency]: row.currency,
    [PAYMENT.refunded]: row.refunded, [PAYMENT.fee]: row.fee, [PAYMENT.net]: row.net, [PAYMENT.status]: row.status,
    [PAYMENT.failure]: row.failure.slice(0, 4000), [PAYMENT.method]: row.method, [PAYMENT.dashboard]: row.dashboardUrl,
  };
}

/**
 * Create the charge's row (6 units), or update it when it exists: the external id is the charge
 * id, so a second row for one charge cannot be made, even by two deliveries at once.
 * `where`: the row when the caller knows it (2 units, no search), and the payout carrying the charge.
 */
export function writePayment(row: PaymentRow, where: { rowId?: string; payoutRowId?: string } = {}): 'created' | 'updated' {
  const payout = where.payoutRowId ? { [PAYMENT.payout]: where.payoutRowId } : {};
  if (where.rowId) {
    record.submitFields({ type: RECORD.payment, id: where.rowId, values: { ...stateOf(row), ...payout } });
    return 'updated';
  }
  const rec = record.create({ type: RECORD.payment });
  if (where.payoutRowId) rec.setValue({ fieldId: PAYMENT.payout, value: where.payoutRowId });
  rec.setValue({ fieldId: 'externalid', value: row.chargeId });
  rec.setValue({ fieldId: PAYMENT.chargeId, value: row.chargeId });
  rec.setValue({ fieldId: PAYMENT.customer, value: row.customerId });
  rec.setValue({ fieldId: PAYMENT.config, value: row.configId });
  rec.setValue({ fieldId: PAYMENT.created, value: new Date(row.created * 1000) });
  for (const [fieldId, value] of Object.entries(stateOf(row))) rec.setValue({ fieldId, value });
  try {
    rec.save();
    return 'created';
  } catch (e) {
    if ((e as { name?: string }).name !== 'DUP_RCRD') throw e;
  }
  const existing = search.create({ type: RECORD.payment, filters: [[PAYMENT.chargeId, 'is', row.chargeId]], columns: ['internalid'] }).run().getRange({ start: 0, end: 1 })[0];
  record.submitFields({ type: RECORD.payment, id: existing.id, values: { ...stateOf(row), ...payout } });
  return 'updated';
}
