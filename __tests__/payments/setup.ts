/** A webhook world with a linked customer, and the payments job (PayPack Payments Import) to run. */
import { runMapReduce } from '../../emulator/netsuite';
import { compiled } from '../compiled';
import { CUSTOMER, PAYMENT, PAYOUT, RECORD, SCRIPT } from '../../src/core/ids';
import { clickSync } from '../sync/setup';
import { WebhookWorld } from '../webhook/setup';

/** The compiled PayPack Payments Import, as its deployment runs it. */
export function runPaymentsJob(w: WebhookWorld, hooks: Parameters<typeof runMapReduce>[2] = {}) {
  const calls = w.stripe.calls.length;
  const run = runMapReduce(compiled('pp_mr_payments'), { scriptId: SCRIPT.mrPayments.scriptId }, hooks);
  return { ...run, stripeCalls: w.stripe.calls.length - calls };
}

/** A customer of the parent subsidiary, synced (so linked to a Stripe customer). */
export function linkedCustomer(w: WebhookWorld, name: string): { customerId: number; stripeId: string } {
  const customerId = w.account.addCustomer({ companyname: name, email: `${name.toLowerCase().replace(/\W+/g, '.')}@pay.test`, subsidiary: String(w.parent) });
  clickSync(w, customerId);
  return { customerId, stripeId: String(w.account.get('customer', customerId).fields[CUSTOMER.stripeId]) };
}

type Row = Record<string, unknown> & { id: string };
export const paymentRows = (w: WebhookWorld): Row[] => w.account.all(RECORD.payment).map((r) => ({ ...r.fields, id: String(r.id) }));
export const payoutRows = (w: WebhookWorld): Row[] => w.account.all(RECORD.payout).map((r) => ({ ...r.fields, id: String(r.id) }));
export const paymentOf = (w: WebhookWorld, chargeId: unknown) => paymentRows(w).find((r) => r[PAYMENT.chargeId] === chargeId);
export const payoutOf = (w: WebhookWorld, payoutId: unknown) => payoutRows(w).find((r) => r[PAYOUT.id] === payoutId);
