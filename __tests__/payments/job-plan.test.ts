/**
 * The payments job's input stage (src/core/payments-job.ts) against the Stripe double, with NetSuite's
 * side in memory: which lists it asks Stripe for, what it tells the admin when a listing stops, the
 * progress it hands to summarize, and the invoices it finds for new charges. The flows in history.test.ts
 * and job-failures.test.ts run the same rules in the compiled map/reduce.
 */
import { StripeDouble, StripeNetworkFailure } from '../../emulator/stripe';
import { StripeClient, TransportFailure } from '../../src/core/stripe/client';
import { HistoryState, paymentWrites, PaymentsJobPorts, PayoutOnFile, PAYOUT_CONTENTS } from '../../src/core/payments-job';
import { KnownPayment } from '../../src/core/payment-import';
import { Listed, PayoutRow } from '../../src/core/payouts';

const KEY = `sk_test_${'JobPlan'.padEnd(24, '0')}`;
const DAY = 86400;
const START = 1780272000; // the history date, 00:00 UTC

let stripe: StripeDouble;
let clock: number;
let ann: string;
let stranger: string;
beforeEach(() => {
  stripe = new StripeDouble({ apiKeys: [KEY] });
  clock = START + DAY;
  stripe.clock = () => clock * 1000;
  ann = String(stripe.seedCustomer({ email: 'ann@job.test' }).id);
  stranger = String(stripe.seedCustomer({ email: 'who@else.test' }).id);
});

/** NetSuite's side of one config, in memory; what the job asked of it is recorded. */
function ports(over: { history?: Partial<HistoryState>; onFile?: PayoutOnFile[]; known?: Map<string, KnownPayment>; pages?: number } = {}) {
  const seen = { payouts: [] as Array<{ row: PayoutRow; contents: string; known?: unknown }>, stopped: [] as Array<[string, Listed<unknown>['stopped']]>, counts: [] as string[], knownReads: 0 };
  let pagesLeft = over.pages ?? Infinity;
  const client = new StripeClient({
    send(req) {
      try {
        return stripe.handle({ method: req.method, url: req.path, headers: { ...req.headers, Authorization: `Bearer ${KEY}` }, body: req.body || '' });
      } catch (e) {
        if (e instanceof StripeNetworkFailure) throw new TransportFailure(e.message);
        throw e;
      }
    },
  });
  const p: PaymentsJobPorts = {
    stripe: client,
    canAffordPage: () => pagesLeft-- > 0,
    now: () => clock * 1000,
    history: () => ({ fromText: '6/1/2026', fromEpoch: START, doneText: '', before: '', ...over.history }),
    payoutsOnFile: () => new Map((over.onFile || []).map((po) => [po.payoutId, po])),
    writePayout: (row, contents, known) => { seen.payouts.push({ row, contents, known }); return { rowId: `row_${row.payoutId}` }; },
    payoutState: (row) => `${row.status}/${row.amount}`,
    knownPayments: () => { seen.knownReads++; return over.known || new Map(); },
    linkedCustomers: () => new Map([[ann, '7']]),
    listingStopped: (what, listed) => { seen.stopped.push([what, listed.stopped]); },
    noteCounts: (text) => { seen.counts.push(text); },
  };
  return { p, seen, calls: () => stripe.calls.map((c) => `${c.method} ${c.path}`) };
}
const charge = (customer: string, amount: number, more: Parameters<StripeDouble['seedCharge']>[1] extends infer O ? Partial<O> : never = {}) => {
  clock += 60;
  return stripe.seedCharge(customer, { amount, currency: 'usd', ...more });
};

test('a first run from the history date: payouts, what each carries, the charges, and the invoices of new charges, one list call each', () => {
  const a = charge(ann, 10000, { invoice: 'in_1Ann', invoiceMetadata: { netsuite_invoice_id: '61' } });
  const s = charge(stranger, 2500);
  clock += DAY;
  const po = stripe.payOut('usd')!;
  const c = charge(ann, 4000);
  const manual = stripe.payOut('usd', { manual: true })!;
  const { p, seen, calls } = ports();
  stripe.calls.length = 0;
  const work = paymentWrites(p, '3');
  expect(calls()).toEqual(['GET /v1/payouts', `GET /v1/balance_transactions`, 'GET /v1/charges', 'GET /v1/invoice_payments']);
  // a manual payout's contents cannot be listed (Stripe lists them for automatic payouts only)
  expect(seen.payouts.map((x) => [x.row.payoutId, x.contents, x.known])).toEqual([[manual.id, PAYOUT_CONTENTS.manual, undefined], [po.id, PAYOUT_CONTENTS.pending, undefined]]);
  expect(work.progress).toEqual([
    { kind: 'payout', configId: '3', rowId: `row_${String(po.id)}`, currency: 'usd', complete: true, tally: expect.objectContaining({ chargeCount: 2, gross: 12500 }) },
    { kind: 'history', configId: '3', fromText: '6/1/2026', fromEpoch: START, before: '', complete: true },
  ]);
  const byCharge = new Map(work.writes.map((w) => [w.row.chargeId, w]));
  // the stranger's charge is counted, not written
  expect([...byCharge.keys()].sort()).toEqual([String(a.id), String(c.id)].sort());
  expect(byCharge.has(String(s.id))).toBe(false);
  expect(byCharge.get(String(a.id))).toMatchObject({ payoutRowId: `row_${String(po.id)}`, row: { invoiceId: 'in_1Ann', nsInvoiceId: '61', customerId: '7' } });
  expect(seen.counts).toEqual(['3 charges seen, 2 to write, 0 unchanged, 1 of Stripe customers not linked to a NetSuite customer (not recorded)']);
  expect(seen.stopped).toEqual([]);
});

test('a payout on file: its listed contents are not listed again; one still pending is listed from where it stopped', () => {
  charge(ann, 10000);
  clock += DAY;
  const po = stripe.payOut('usd')!;
  const tally = { after: '', chargeCount: 0, gross: 0, refundCount: 0, refunds: 0, fees: 0, net: 0 };
  const listed = ports({ history: { doneText: '6/1/2026' }, onFile: [{ rowId: '55', payoutId: String(po.id), currency: 'usd', contents: PAYOUT_CONTENTS.listed, state: 'paid', tally }] });
  stripe.calls.length = 0;
  // the history is done and the payout listed: nothing to ask Stripe, nothing to read from NetSuite
  expect(paymentWrites(listed.p, '3')).toEqual({ writes: [], progress: [] });
  expect([listed.calls(), listed.seen.knownReads, listed.seen.counts]).toEqual([[], 0, []]);

  const pending = ports({ history: { doneText: '6/1/2026' }, onFile: [{ rowId: '55', payoutId: String(po.id), currency: 'usd', contents: PAYOUT_CONTENTS.pending, state: 'paid', tally }] });
  const work = paymentWrites(pending.p, '3');
  // the charge has no row (its events lost): it is listed again with its payment intent, and paid invoice payments for its Stripe invoice
  expect(pending.calls()).toEqual(['GET /v1/balance_transactions', 'GET /v1/charges', 'GET /v1/invoice_payments']);
  expect(work.writes).toEqual([expect.objectContaining({ payoutRowId: '55' })]);
});

test('a payout Stripe is still reconciling: one payouts listing for every payout waiting, its contents listed only once reconciliation_status is completed', () => {
  charge(ann, 10000);
  charge(ann, 3000);
  clock += DAY;
  const po = stripe.payOut('usd', { reconciling: true })!;
  const tally = { after: '', chargeCount: 0, gross: 0, refundCount: 0, refunds: 0, fees: 0, net: 0 };
  const onFile = () => [{ rowId: '55', payoutId: String(po.id), currency: 'usd', contents: PAYOUT_CONTENTS.reconciling, state: 'paid', tally }];
  const waiting = ports({ history: { doneText: '6/1/2026' }, onFile: onFile() });
  stripe.calls.length = 0;
  expect(paymentWrites(waiting.p, '3')).toEqual({ writes: [], progress: [] });
  expect(waiting.calls()).toEqual(['GET /v1/payouts']);

  stripe.completeReconciliation(String(po.id));
  const done = ports({ history: { doneText: '6/1/2026' }, onFile: onFile() });
  stripe.calls.length = 0;
  const work = paymentWrites(done.p, '3');
  expect(done.calls().slice(0, 2)).toEqual(['GET /v1/payouts', 'GET /v1/balance_transactions']);
  expect(work.progress).toEqual([{ kind: 'payout', configId: '3', rowId: '55', currency: 'usd', complete: true, tally: expect.objectContaining({ chargeCount: 2, gross: 13000, net: Number(po.amount) }) }]);

  // a history import lists the payouts anyway: no further call to see it is reconciled
  const history = ports({ onFile: onFile() });
  stripe.calls.length = 0;
  paymentWrites(history.p, '3');
  expect(history.calls().filter((c) => c === 'GET /v1/payouts')).toHaveLength(1);
});

test('a payout already on file, listed again from the history date: updated with what was read of it, not listed twice', () => {
  charge(ann, 10000);
  clock += DAY;
  const po = stripe.payOut('usd')!;
  const tally = { after: '', chargeCount: 0, gross: 0, refundCount: 0, refunds: 0, fees: 0, net: 0 };
  const { p, seen, calls } = ports({ onFile: [{ rowId: '55', payoutId: String(po.id), currency: 'usd', contents: PAYOUT_CONTENTS.listed, state: 'paid/100', tally }] });
  stripe.calls.length = 0;
  paymentWrites(p, '3');
  expect(seen.payouts.map((x) => x.known)).toEqual([{ rowId: '55', state: 'paid/100' }]);
  expect(calls()).toEqual(['GET /v1/payouts', 'GET /v1/charges', 'GET /v1/invoice_payments']);
});

test('out of units before the first page: no progress claimed, nothing read from NetSuite', () => {
  charge(ann, 10000);
  clock += DAY;
  stripe.payOut('usd');
  const { p, seen } = ports({ pages: 0 });
  expect(paymentWrites(p, '3')).toEqual({ writes: [], progress: [] });
  expect(seen.stopped.map(([what, why]) => [what, why])).toEqual([['payouts', 'governance'], ['charges', 'governance']]);
  expect(seen.knownReads).toBe(0);
});

test('Stripe failing on each listing: the admin is told which, and the history cursor stays where it was', () => {
  charge(ann, 10000);
  const tally = { after: '', chargeCount: 0, gross: 0, refundCount: 0, refunds: 0, fees: 0, net: 0 };
  stripe.failNext({ status: 500, method: 'GET', path: '/v1/payouts' });
  stripe.failNext({ status: 500, method: 'GET', path: '/v1/balance_transactions' });
  stripe.failNext({ status: 500, method: 'GET', path: '/v1/charges' });
  const { p, seen } = ports({ onFile: [{ rowId: '55', payoutId: 'po_1Pending', currency: 'usd', contents: PAYOUT_CONTENTS.pending, state: 'paid', tally }] });
  expect(paymentWrites(p, '3')).toEqual({ writes: [], progress: [] });
  expect(seen.stopped.map(([what, why]) => [what, (why as { status: number }).status])).toEqual([['payouts', 500], ['what payout po_1Pending carries', 500], ['charges', 500]]);
  // the payouts failed but the charges listed: the charges are written, and the history is not called complete
  const again = ports();
  stripe.failNext({ status: 500, method: 'GET', path: '/v1/payouts' });
  const work = paymentWrites(again.p, '3');
  expect(work.writes).toHaveLength(1);
  expect(work.progress).toEqual([{ kind: 'history', configId: '3', fromText: '6/1/2026', fromEpoch: START, before: work.writes[0].created, complete: false }]);
});

test('a new charge that failed has no invoice to look for: no invoice payments listing; Stripe failing on that listing is told', () => {
  charge(ann, 1200, { failureMessage: 'Your card was declined.' });
  const failedOnly = ports();
  stripe.calls.length = 0;
  expect(paymentWrites(failedOnly.p, '3').writes).toEqual([expect.objectContaining({ row: expect.objectContaining({ status: 'failed', invoiceId: '' }) })]);
  expect(failedOnly.calls()).toEqual(['GET /v1/payouts', 'GET /v1/charges']);

  charge(ann, 5000, { invoice: 'in_1Told' });
  stripe.failNext({ status: 500, method: 'GET', path: '/v1/invoice_payments' });
  const failing = ports();
  const work = paymentWrites(failing.p, '3');
  expect(failing.seen.stopped.map(([what]) => what)).toEqual(['invoice payments']);
  expect(work.writes.map((w) => w.row.invoiceId)).toEqual(['', '']);
});

/** Charges NetSuite already has rows for (their state left out, so they are written again), each keeping invoice in_kept. */
const onFile = (cs: Array<ReturnType<typeof charge>>) => new Map<string, KnownPayment>(cs.map((c) => [String(c.id), { rowId: `r${String(c.id)}`, payoutRowId: '', state: '', status: 'succeeded', invoiceId: 'in_kept', nsInvoiceId: '1' }]));

test('invoice payments are listed down to a day before the oldest new charge, over as many pages as that takes', () => {
  // 150 invoices paid a day apart; only the oldest and the newest charge are new to NetSuite
  const charges = Array.from({ length: 150 }, (_, i) => { clock += DAY; return charge(ann, 1000 + i, { invoice: `in_${i}`, invoiceMetadata: { netsuite_invoice_id: i === 0 ? 'INV-0' : String(500 + i) } }); });
  const { p, calls } = ports({ known: onFile(charges.slice(1, -1)) });
  stripe.calls.length = 0;
  const work = paymentWrites(p, '3');
  expect(calls().filter((c) => c === 'GET /v1/invoice_payments')).toHaveLength(2);
  const row = (c: typeof charges[number]) => work.writes.find((w) => w.row.chargeId === c.id)!.row;
  // a Stripe invoice whose metadata is not a NetSuite internal id names no NetSuite invoice
  expect(row(charges[0])).toMatchObject({ invoiceId: 'in_0', nsInvoiceId: '' });
  expect(row(charges[149])).toMatchObject({ invoiceId: 'in_149', nsInvoiceId: '649' });
  expect(row(charges[75])).toMatchObject({ invoiceId: 'in_kept', nsInvoiceId: '1' });
});

test('the invoice payments listing ends at the page that reaches a day before the oldest new charge: older invoices are not listed, newer ones are', () => {
  const invoicePages = (calls: string[]) => calls.filter((c) => c === 'GET /v1/invoice_payments').length;
  // 150 invoices paid a day apart, all on file; ten days later one new charge
  const old = Array.from({ length: 150 }, (_, i) => { clock += DAY; return charge(ann, 1000 + i, { invoice: `in_old${i}` }); });
  clock += 10 * DAY;
  const fresh = charge(ann, 7000, { invoice: 'in_fresh', invoiceMetadata: { netsuite_invoice_id: '77' } });
  const first = ports({ known: onFile(old) });
  stripe.calls.length = 0;
  const work = paymentWrites(first.p, '3');
  expect(work.writes.filter((w) => !w.rowId).map((w) => [w.row.chargeId, w.row.invoiceId, w.row.nsInvoiceId])).toEqual([[fresh.id, 'in_fresh', '77']]);
  expect(invoicePages(first.calls())).toBe(1);

  // then a hundred more paid within the hour after a second new charge: its invoice is on the second page
  const second = charge(ann, 8000, { invoice: 'in_second' });
  const newer = Array.from({ length: 100 }, (_, i) => charge(ann, 2000 + i, { invoice: `in_new${i}` }));
  const next = ports({ known: onFile([...old, fresh, ...newer]) });
  stripe.calls.length = 0;
  const again = paymentWrites(next.p, '3');
  expect(again.writes.filter((w) => !w.rowId).map((w) => [w.row.chargeId, w.row.invoiceId])).toEqual([[second.id, 'in_second']]);
  expect(invoicePages(next.calls())).toBe(2);
});

test('a Stripe invoice names a NetSuite invoice by its internal id only: spaces around it are dropped, anything else names none', () => {
  const paid = [' 88 ', '12x', 'INV-9', '', '301'].map((id, i) => charge(ann, 1000 + i, { invoice: `in_meta${i}`, invoiceMetadata: id ? { netsuite_invoice_id: id } : {} }));
  const { p } = ports();
  const work = paymentWrites(p, '3');
  expect(paid.map((c) => work.writes.find((w) => w.row.chargeId === c.id)!.row.nsInvoiceId)).toEqual(['88', '', '', '', '301']);
});

test('an invoice paid by a charge without a payment intent gives its invoice to no other charge without one', () => {
  charge(ann, 1000, { invoice: 'in_card', invoiceMetadata: { netsuite_invoice_id: '41' } });
  // charges made with the Charges API have no payment intent; Stripe lists the invoice one pays as a `charge` payment
  charge(ann, 700, { chargesApi: true, invoice: 'in_old', invoiceMetadata: { netsuite_invoice_id: '55' } });
  const legacy = charge(ann, 2500, { chargesApi: true });
  const { p } = ports();
  const written = paymentWrites(p, '3').writes.map((w) => [w.row.chargeId, w.row.invoiceId, w.row.nsInvoiceId]);
  expect(written).toEqual(expect.arrayContaining([[legacy.id, '', '']]));
  expect(written.find((w) => w[1] === 'in_card')?.[2]).toBe('41');
});
