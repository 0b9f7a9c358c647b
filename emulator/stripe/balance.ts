/** The balance: balance transactions, Stripe's own fees, and payouts (paid and failed). */
import { createdWithin, missing, error, newestFirst, Obj, ok, page, RouteContext, Store, StripeResponse, DoubleCore } from './common';

/**
 * A payout of everything in this currency's balance not paid out yet: one payout whose amount is
 * the sum of the balance transactions' net, those transactions tied to it (listing balance
 * transactions with `payout=` returns them, and the payout's own), then payout.paid. Undefined when
 * there is nothing to pay out. A negative balance is paid out only with `debit` (Stripe debits the
 * bank: a payout of a negative amount). `manual`: a payout the account asked for; Stripe does not
 * list what a manual payout carries (`reconciliation_status: not_applicable`). `reconciling`: an
 * automatic payout paid while Stripe is still reconciling it (`in_progress`): listing what it carries
 * shows only the older half of its transactions until `completeReconciliation` (Stripe docs: Payout
 * reconciliation; the Payout object's `reconciliation_status`).
 */
export function payOut(d: DoubleCore, currency: string, options: { mode?: 'test' | 'live'; arrivalDays?: number; debit?: boolean; manual?: boolean; reconciling?: boolean } = {}): Obj | undefined {
  const mode = options.mode || 'test';
  const store = d.stores[mode];
  const carried = [...store.balanceTransactions.values()].filter((t) => !t._payout && t.currency === currency && t.type !== 'payout');
  const amount = carried.reduce((sum, t) => sum + Number(t.net), 0);
  if (!carried.length || amount === 0 || (amount < 0 && !options.debit)) return undefined;
  const now = d.now();
  const arrival = (Math.floor(now / 86400) + (options.arrivalDays ?? 2)) * 86400;
  const payout: Obj = {
    id: d.id('po'), object: 'payout', amount, currency, arrival_date: arrival, automatic: !options.manual, balance_transaction: null, created: now,
    description: options.manual ? 'MANUAL PAYOUT' : 'STRIPE PAYOUT', destination: 'ba_double', failure_balance_transaction: null, failure_code: null, failure_message: null,
    livemode: mode === 'live', metadata: {}, method: 'standard', reconciliation_status: options.manual ? 'not_applicable' : options.reconciling ? 'in_progress' : 'completed',
    source_type: 'card', statement_descriptor: null, status: 'paid', type: 'bank_account',
  };
  for (const t of carried) t._payout = payout.id;
  // not reconciled yet: the newer half is missing from the listing until reconciliation completes
  if (options.reconciling && !options.manual) for (const t of carried.slice(Math.floor(carried.length / 2))) t._unreconciled = true;
  payout.balance_transaction = moveBalance(d, store, { amount: -amount, fee: 0, currency, type: 'payout', source: String(payout.id), payout: String(payout.id) });
  store.payouts.set(payout.id as string, payout);
  d.emit(store, mode === 'live', 'payout.paid', payout);
  return payout;
}

/** The balance transaction types that are Stripe's own fees, charged outside any charge (Stripe's API reference, the Balance Transaction object's `type`). */
export const FEE_TYPES = ['stripe_fee', 'stripe_fx_fee', 'tax_fee'] as const;

/**
 * A fee Stripe charges the balance outside any charge: `stripe_fee` (Radar, Billing, Stripe Tax...),
 * `stripe_fx_fee` (currency conversion) or `tax_fee` (tax on Stripe's fees): a negative balance
 * transaction of that type, which the next payout carries.
 */
export function chargeStripeFee(d: DoubleCore, currency: string, amount: number, description: string, mode: 'test' | 'live' = 'test', type: typeof FEE_TYPES[number] = 'stripe_fee'): string {
  if (!FEE_TYPES.includes(type)) throw new Error(`${String(type)} is not a Stripe fee type.`);
  return moveBalance(d, d.stores[mode], { amount: -amount, fee: 0, currency, type, source: null, description });
}

/**
 * Stripe finishes reconciling an automatic payout: `reconciliation_status` completed, its listing
 * whole, and `payout.reconciliation_completed` (Stripe docs: Payout reconciliation).
 */
export function completeReconciliation(d: DoubleCore, payoutId: string, mode: 'test' | 'live' = 'test'): Obj {
  const store = d.stores[mode];
  const payout = store.payouts.get(payoutId);
  if (!payout) throw new Error(`No payout ${payoutId} in the Stripe double.`);
  if (payout.reconciliation_status !== 'in_progress') throw new Error(`Payout ${payoutId} is ${String(payout.reconciliation_status)}, not in_progress: there is no reconciliation to complete.`);
  const previous = { reconciliation_status: payout.reconciliation_status };
  payout.reconciliation_status = 'completed';
  for (const t of store.balanceTransactions.values()) if (t._payout === payoutId) delete t._unreconciled;
  d.emit(store, mode === 'live', 'payout.reconciliation_completed', payout, previous);
  return payout;
}

/** The bank returns a payout: failed with Stripe's code and message, the amount back in the balance; payout.failed. */
export function failPayout(d: DoubleCore, payoutId: string, code = 'account_closed', message = 'The bank account has been closed.', mode: 'test' | 'live' = 'test'): Obj {
  const store = d.stores[mode];
  const payout = store.payouts.get(payoutId)!;
  const previous = { status: payout.status };
  Object.assign(payout, { status: 'failed', failure_code: code, failure_message: message });
  payout.failure_balance_transaction = moveBalance(d, store, { amount: Number(payout.amount), fee: 0, currency: String(payout.currency), type: 'payout_failure', source: payoutId });
  d.emit(store, mode === 'live', 'payout.failed', payout, previous);
  return payout;
}

/** A balance transaction (amounts in the smallest unit); returns its id. */
export function moveBalance(d: DoubleCore, store: Store, t: { amount: number; fee: number; currency: string; type: string; source: string | null; payout?: string; exchange_rate?: number | null; description?: string; reporting_category?: string }): string {
  const txn: Obj = {
    id: d.id('txn'), object: 'balance_transaction', amount: t.amount, currency: t.currency, fee: t.fee, net: t.amount - t.fee, exchange_rate: t.exchange_rate ?? null,
    description: t.description ?? null,
    fee_details: t.fee ? [{ amount: t.fee, application: null, currency: t.currency, description: t.type === 'adjustment' ? 'Dispute fee' : 'Stripe processing fees', type: 'stripe_fee' }] : [],
    type: t.type, source: t.source, status: 'available', created: d.now(), available_on: d.now(), reporting_category: t.reporting_category ?? REPORTING_CATEGORY[t.type] ?? t.type,
    ...(t.payout ? { _payout: t.payout } : {}),
  };
  store.balanceTransactions.set(txn.id as string, txn);
  return txn.id as string;
}

export function balanceRoutes(d: DoubleCore, { store, p, params, expand, route }: RouteContext): StripeResponse | undefined {
  switch (route) {
    case 'GET /v1/payouts': {
      let list = newestFirst([...store.payouts.values()]).filter(createdWithin(params.created));
      if (typeof params.status === 'string') list = list.filter((po) => po.status === params.status);
      return ok(page(store, list, params, '/v1/payouts', (x) => x));
    }
    case 'GET /v1/payouts/{payout}': {
      const po = store.payouts.get(p.payout);
      if (!po) return missing('payout', p.payout, 'payout');
      // expandable (Stripe API reference, The Payout object): balance_transaction, failure_balance_transaction
      const out: Obj = { ...po };
      for (const f of ['balance_transaction', 'failure_balance_transaction']) if (expand.includes(f) && po[f]) out[f] = publicTxn(store.balanceTransactions.get(String(po[f]))!);
      return ok(out);
    }
    case 'GET /v1/balance_transactions': {
      let list = newestFirst([...store.balanceTransactions.values()]).filter(createdWithin(params.created));
      if (typeof params.payout === 'string') {
        const po = store.payouts.get(params.payout);
        if (!po) return missing('payout', params.payout, 'payout');
        if (po.automatic === false) return error(400, 'invalid_request_error', 'Balance transaction history can only be filtered on automatic transfers, not manual.', { param: 'payout' });
        // while Stripe is reconciling the payout, the listing lacks what it has not reconciled yet
        list = list.filter((t) => t._payout === params.payout && !t._unreconciled);
      }
      if (typeof params.type === 'string') list = list.filter((t) => t.type === params.type);
      const withSource = expand.includes('data.source');
      const sourceOf = (id: string | null) => id === null ? null : store.charges.get(id) || store.refunds.get(id) || store.disputes.get(id) || store.payouts.get(id) || id;
      return ok(page(store, list, params, '/v1/balance_transactions', (t) => (withSource ? { ...publicTxn(t), source: sourceOf(t.source === null ? null : String(t.source)) } : publicTxn(t))));
    }
    default:
      return undefined;
  }
}

/** A balance transaction as the API shows it (the double's own bookkeeping left out). */
export function publicTxn(t: Obj): Obj {
  const { _payout, _unreconciled, ...rest } = t;
  void _payout;
  void _unreconciled;
  return rest;
}

/** Stripe's reporting category of each balance transaction type the double makes (Stripe docs: Reporting categories). */
const REPORTING_CATEGORY: Record<string, string> = {
  charge: 'charge', refund: 'refund', refund_failure: 'refund_failure', adjustment: 'dispute', payout: 'payout', payout_failure: 'payout_reversal',
  stripe_fee: 'fee', stripe_fx_fee: 'fee', tax_fee: 'fee',
};
