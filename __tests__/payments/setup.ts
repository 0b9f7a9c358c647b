/** A webhook world with a linked customer, and the payments job (PayPack Payments Import) to run. */
import { runMapReduce } from '../../emulator/netsuite';
import { compiled } from '../compiled';
import { PAYMENT, PAYOUT, RECORD, SCRIPT } from '../../src/core/ids';
import { linkedCustomer, WebhookWorld } from '../webhook/setup';

export { linkedCustomer };

/** The compiled PayPack Payments Import, as its deployment runs it. */
export function runPaymentsJob(w: WebhookWorld, hooks: Parameters<typeof runMapReduce>[2] = {}) {
  const calls = w.stripe.calls.length;
  const run = runMapReduce(compiled('pp_mr_payments'), { scriptId: SCRIPT.mrPayments.scriptId }, hooks);
  return { ...run, stripeCalls: w.stripe.calls.length - calls };
}


type Row = Record<string, unknown> & { id: string };
export const paymentRows = (w: WebhookWorld): Row[] => w.account.all(RECORD.payment).map((r) => ({ ...r.fields, id: String(r.id) }));
export const payoutRows = (w: WebhookWorld): Row[] => w.account.all(RECORD.payout).map((r) => ({ ...r.fields, id: String(r.id) }));
export const paymentOf = (w: WebhookWorld, chargeId: unknown) => paymentRows(w).find((r) => r[PAYMENT.chargeId] === chargeId);
export const payoutOf = (w: WebhookWorld, payoutId: unknown) => payoutRows(w).find((r) => r[PAYOUT.id] === payoutId);
