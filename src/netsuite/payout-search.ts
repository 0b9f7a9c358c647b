/**
 * The saved search "PayPack Stripe Payouts with Payments": each payment row with the payout that
 * carried it, by arrival date, for ticking bank statement lines. SDF cannot ship a hand-written
 * saved search (Oracle: savedsearch XML is exported from an account, never edited), so the payments
 * job makes it once, public, with this fixed id; an admin may then copy or change it in NetSuite.
 */
import * as search from 'N/search';
import { PAYMENT, PAYOUT, RECORD } from '../core/ids';

export const PAYOUT_SEARCH_ID = 'customsearch_pp_payout_payments';
export const PAYOUT_SEARCH_TITLE = 'PayPack Stripe Payouts with Payments';

const via = (name: string) => ({ name, join: PAYMENT.payout });

/** Make the search if the account does not have it yet (5 units to look, 5 more to save it once). */
export function ensurePayoutSearch(): 'exists' | 'created' {
  try {
    search.load({ id: PAYOUT_SEARCH_ID });
    return 'exists';
  } catch (e) {
    if ((e as { name?: string }).name !== 'INVALID_SEARCH') throw e;
  }
  search.create({
    type: RECORD.payment, id: PAYOUT_SEARCH_ID, title: PAYOUT_SEARCH_TITLE, isPublic: true,
    filters: [[PAYMENT.payout, 'noneof', '@NONE@']],
    columns: [
      search.createColumn({ ...via(PAYOUT.arrival), label: 'Arrival Date', sort: search.Sort.DESC }),
      search.createColumn({ ...via(PAYOUT.id), label: 'Payout ID', sort: search.Sort.ASC }),
      search.createColumn({ ...via(PAYOUT.amount), label: 'Payout Amount' }),
      search.createColumn({ ...via(PAYOUT.currency), label: 'Payout Currency' }),
      search.createColumn({ ...via(PAYOUT.status), label: 'Payout Status' }),
      search.createColumn({ name: PAYMENT.customer, label: 'Customer' }),
      search.createColumn({ name: PAYMENT.chargeId, label: 'Charge ID' }),
      search.createColumn({ name: PAYMENT.created, label: 'Charged' }),
      search.createColumn({ name: PAYMENT.amount, label: 'Amount' }),
      search.createColumn({ name: PAYMENT.refunded, label: 'Refunded' }),
      search.createColumn({ name: PAYMENT.fee, label: 'Stripe Fee' }),
      search.createColumn({ name: PAYMENT.net, label: 'Net' }),
      search.createColumn({ name: PAYMENT.status, label: 'Status' }),
    ],
  } as Parameters<typeof search.create>[0]).save();
  return 'created';
}
