/** The payment ledger in NetSuite: one PayPack Stripe Payment row per Stripe charge, under its customer. */
import * as record from 'N/record';
import * as search from 'N/search';
import { PAYMENT, RECORD } from '../core/ids';
import { ChargeInvoices, movementsText, parseMovements, PaymentRow, PaymentWritten } from '../core/payments';
import type { PaymentFound } from '../core/webhook-events';

/** What an update may change: Stripe's current state of the charge, and when PayPack read it. */
function stateOf(row: PaymentRow): Record<string, string | number | boolean> {
  return {
    [PAYMENT.intentId]: row.intentId, [PAYMENT.invoiceId]: row.invoiceId, [PAYMENT.amount]: row.amount, [PAYMENT.currency]: row.currency,
    [PAYMENT.refunded]: row.refunded, [PAYMENT.fee]: row.fee, [PAYMENT.net]: row.net, [PAYMENT.settleCurrency]: row.settleCurrency, [PAYMENT.status]: row.status,
    [PAYMENT.failure]: row.failure.slice(0, 4000), [PAYMENT.method]: row.method, [PAYMENT.dashboard]: row.dashboardUrl, [PAYMENT.readAt]: row.readAt,
    [PAYMENT.nsInvoice]: row.nsInvoiceId, [PAYMENT.movements]: movementsText(row.movements),
    // Stripe's state changed: the payments job looks at the row again (and posts what is new when the config posts)
    [PAYMENT.toPost]: true,
  };
}

/**
 * Update an existing row (3 units) with Stripe's state of the charge and, when given, the payout
 * carrying it. The state is written only if the row holds no newer read of Stripe: two deliveries
 * that overlap, or the payments job's read made before an event's, never leave the older state.
 */
function updatePayment(rowId: string, row: PaymentRow, payoutRowId: string | undefined): PaymentWritten {
  const payout = payoutRowId ? { [PAYMENT.payout]: payoutRowId } : {};
  if (Number(search.lookupFields({ type: RECORD.payment, id: rowId, columns: [PAYMENT.readAt] })[PAYMENT.readAt] || 0) > row.readAt) {
    if (payoutRowId) record.submitFields({ type: RECORD.payment, id: rowId, values: payout });
    return 'stale';
  }
  const values = stateOf(row);
  // which invoices a charge paid never changes: a read that does not say them (a charge event) leaves them
  if (!row.invoiceId) delete values[PAYMENT.invoiceId];
  if (!row.nsInvoiceId) delete values[PAYMENT.nsInvoice];
  record.submitFields({ type: RECORD.payment, id: rowId, values: { ...values, ...payout } });
  return 'updated';
}

/**
 * Create the charge's row (6 units), or update it when it exists: the external id is the charge
 * id, so a second row for one charge cannot be made, even by two deliveries at once.
 * `where`: the row when the caller knows it (no search then), and the payout carrying the charge.
 */
export function writePayment(row: PaymentRow, where: { rowId?: string; payoutRowId?: string } = {}): PaymentWritten {
  if (where.rowId) return updatePayment(where.rowId, row, where.payoutRowId);
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
  return updatePayment(existing.id, row, where.payoutRowId);
}

/** The charge's row in a config's ledger (one search), with the customer it is under and the Stripe invoice it names. */
export function findPayment(configId: string, chargeId: string): PaymentFound | undefined {
  return findBy(configId, PAYMENT.chargeId, chargeId);
}

/** The row of the charge a payment intent made (one search): its newest, should it have made more than one. */
export function findPaymentOfIntent(configId: string, intentId: string): PaymentFound | undefined {
  return findBy(configId, PAYMENT.intentId, intentId);
}

function findBy(configId: string, field: string, value: string): PaymentFound | undefined {
  const r = search.create({
    type: RECORD.payment, filters: [[field, 'is', value], 'AND', [PAYMENT.config, 'anyof', configId]],
    columns: [search.createColumn({ name: PAYMENT.created, sort: search.Sort.DESC }), PAYMENT.customer, PAYMENT.status, PAYMENT.invoiceId, PAYMENT.nsInvoice, PAYMENT.movements],
  }).run().getRange({ start: 0, end: 1 })[0];
  if (!r) return undefined;
  return {
    rowId: r.id, customerId: String(r.getValue(PAYMENT.customer)), status: String(r.getValue(PAYMENT.status) || ''),
    invoiceId: String(r.getValue(PAYMENT.invoiceId) || ''), nsInvoiceId: String(r.getValue(PAYMENT.nsInvoice) || ''), movements: parseMovements(r.getValue(PAYMENT.movements)),
  };
}

/** Name on a row the invoices its charge paid (2 units); the payments job looks at it again, so a payment not posted yet is applied to the invoice. */
export function writeInvoices(rowId: string, invoices: ChargeInvoices): void {
  record.submitFields({ type: RECORD.payment, id: rowId, values: { [PAYMENT.invoiceId]: invoices.stripeInvoiceId, [PAYMENT.nsInvoice]: invoices.nsInvoiceId, [PAYMENT.toPost]: true } });
}
