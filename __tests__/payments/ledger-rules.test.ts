/**
 * The payment ledger's rules on the shapes Stripe answers, where a flow would need many set-ups to
 * reach them: amounts in each currency's units, which refunds count, the NetSuite invoice a charge
 * names, a payout's failure in words, how lists are walked, what the payments job writes again and
 * where it resumes after a failed write. The flows in this folder prove the rows NetSuite keeps.
 */
import type Stripe from 'stripe';
import { invoicesOfPayment, keepDisputeOutcome, majorUnits, minorUnits, movementsText, nsInvoiceOf, paymentRow, PaymentRow } from '../../src/core/payments';
import { carriedCharges, listAll, payoutRow } from '../../src/core/payouts';
import { KnownPayment, mergeSeen, paymentState, planPaymentWrites } from '../../src/core/payment-import';
import { failedWrite, Progress, progressToSave, writeKey } from '../../src/core/payments-job';
import { StripeClient, TransportResponse } from '../../src/core/stripe/client';

const NONE = { stripeInvoiceId: '', nsInvoiceId: '' };

/** A charge as Stripe answers it with `expand[]=balance_transaction&expand[]=refunds`. */
function charge(over: Record<string, unknown> = {}): Stripe.Charge {
  return {
    id: 'ch_1Ledger', object: 'charge', amount: 10000, amount_captured: 10000, amount_refunded: 0, currency: 'usd', customer: 'cus_paying', created: 1764547200,
    livemode: false, status: 'succeeded', paid: true, captured: true, refunded: false, disputed: false, payment_intent: 'pi_1Ledger',
    failure_code: null, failure_message: null, metadata: {},
    balance_transaction: { id: 'txn_1Ledger', object: 'balance_transaction', amount: 10000, fee: 320, net: 9680, currency: 'usd', type: 'charge', created: 1764547200 },
    payment_method_details: { type: 'card', card: { brand: 'visa', last4: '4242', exp_month: 8, exp_year: 2027 } },
    refunds: { object: 'list', data: [], has_more: false, url: '/v1/charges/ch_1Ledger/refunds' },
    ...over,
  } as unknown as Stripe.Charge;
}
const refund = (id: string, amount: number, status: string, created: number, currency = 'usd') => ({ id, object: 'refund', amount, currency, status, created, charge: 'ch_1Ledger' });

describe('amounts in the units of their currency', () => {
  test('Stripe\'s zero-decimal currencies are whole, its three-decimal ones have three places, the rest two', () => {
    for (const c of ['bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'ugx', 'vnd', 'vuv', 'xaf', 'xof', 'xpf']) {
      expect([c, majorUnits(1234, c), majorUnits(1234, c.toUpperCase()), minorUnits(1234, c)]).toEqual([c, 1234, 1234, 1234]);
    }
    for (const c of ['bhd', 'jod', 'kwd', 'omr', 'tnd']) expect([c, majorUnits(12345, c), minorUnits(12.345, c)]).toEqual([c, 12.345, 12345]);
    for (const c of ['usd', 'eur', 'huf', 'isk', 'twd']) expect([c, majorUnits(12345, c), minorUnits(123.45, c)]).toEqual([c, 123.45, 12345]);
  });
});

describe('a charge\'s ledger row', () => {
  test('refunds that moved money (succeeded, or pending at the bank) count, oldest first; a failed one is kept, marked failed (what was posted for it is undone); canceled ones do not count', () => {
    const row = paymentRow(charge({
      amount_refunded: 3500, refunds: { object: 'list', has_more: false, data: [
        refund('re_c', 1000, 'succeeded', 300), refund('re_b', 500, 'pending', 200), refund('re_fail', 700, 'failed', 100),
        refund('re_a', 2000, 'succeeded', 200), refund('re_cancel', 900, 'canceled', 50),
      ] },
    }), '7', '1', 1, NONE);
    expect(row.movements).toEqual({
      captured: { amount: 100, at: 1764547200 },
      refunds: [{ id: 're_fail', amount: 7, created: 100, failed: true }, { id: 're_a', amount: 20, created: 200 }, { id: 're_b', amount: 5, created: 200 }, { id: 're_c', amount: 10, created: 300 }],
    });
    expect(row).toMatchObject({ status: 'partially refunded', refunded: 35 });
  });

  test('refunds made in the same second come in one order however Stripe lists them, so the row reads the same each run', () => {
    const listed = (data: ReturnType<typeof refund>[]) => paymentRow(charge({ amount_refunded: 700, refunds: { object: 'list', has_more: false, data } }), '7', '1', 1, NONE);
    const a = refund('re_a', 500, 'succeeded', 200);
    const b = refund('re_b', 200, 'succeeded', 200);
    const both = [{ id: 're_a', amount: 5, created: 200 }, { id: 're_b', amount: 2, created: 200 }];
    expect(movementsText(listed([a, b]).movements)).toBe(movementsText(listed([b, a]).movements));
    expect(listed([b, a]).movements.refunds).toEqual(both);
  });

  test('a charge Stripe answers without payment method details (some failed charges) shows no method, not words about one', () => {
    expect(paymentRow(charge(), '7', '1', 1, NONE).method).toContain('4242');
    expect(paymentRow(charge({ payment_method_details: null, status: 'failed', paid: false }), '7', '1', 1, NONE).method).toBe('');
  });

  test('a charge read without its refunds keeps the refunds the row already knows', () => {
    const known = { refunds: [{ id: 're_known', amount: 12, created: 100 }], dispute: { id: 'dp_1', amount: 100, status: 'lost' } };
    expect(paymentRow(charge({ refunds: undefined }), '7', '1', 1, NONE, undefined, known).movements).toEqual({ ...known, captured: { amount: 100, at: 1764547200 } });
  });

  test('statuses an accountant reads: pending until Stripe has the money; a dispute\'s outcome kept when the charge is read again', () => {
    expect(paymentRow(charge({ status: 'pending', balance_transaction: null }), '7', '1', 1, NONE)).toMatchObject({ status: 'pending', fee: '', net: '', settleCurrency: '' });
    const disputed = paymentRow(charge({ disputed: true }), '7', '1', 1, NONE);
    expect(disputed.status).toBe('disputed');
    expect(keepDisputeOutcome(disputed, 'dispute won').status).toBe('dispute won');
    expect(keepDisputeOutcome(disputed, 'dispute lost').status).toBe('dispute lost');
    expect(keepDisputeOutcome(disputed, 'disputed').status).toBe('disputed');
    // a charge that is no longer disputed (say refunded after) shows what it is now
    const refunded = paymentRow(charge({ refunded: true, amount_refunded: 10000 }), '7', '1', 1, NONE);
    expect(keepDisputeOutcome(refunded, 'dispute won').status).toBe('refunded');
  });

  test('the Dashboard link: live payments without /test, a charge without a payment intent by its own id', () => {
    expect(paymentRow(charge({ livemode: true }), '7', '1', 1, NONE).dashboardUrl).toBe('https://dashboard.stripe.com/payments/pi_1Ledger');
    expect(paymentRow(charge({ payment_intent: null }), '7', '1', 1, NONE).dashboardUrl).toBe('https://dashboard.stripe.com/test/payments/ch_1Ledger');
  });

  test('the NetSuite invoice a charge pays: a NetSuite internal id in metadata of the charge, its payment intent or its Stripe invoice, in that order', () => {
    const intent = (netsuite_invoice_id: string) => ({ id: 'pi_1Ledger', object: 'payment_intent', metadata: { netsuite_invoice_id } });
    expect(nsInvoiceOf(charge({ metadata: { netsuite_invoice_id: ' 42 ' } }))).toBe('42');
    expect(nsInvoiceOf(charge({ metadata: { netsuite_invoice_id: '42' }, payment_intent: intent('43') }), { netsuite_invoice_id: '44' })).toBe('42');
    expect(nsInvoiceOf(charge({ payment_intent: intent('43') }), { netsuite_invoice_id: '44' })).toBe('43');
    expect(nsInvoiceOf(charge(), { netsuite_invoice_id: '44' })).toBe('44');
    // an invoice number or other text is not an internal id: nothing to apply the payment to
    for (const v of ['INV-42', '42a', 'a42', '4 2', '', '-42']) expect([v, nsInvoiceOf(charge({ metadata: { netsuite_invoice_id: v } }), null)]).toEqual([v, '']);
    expect(nsInvoiceOf(charge({ metadata: { netsuite_invoice_id: 'INV-42' } }), { netsuite_invoice_id: '44' })).toBe('44');
    // the row keeps what the invoice payment said over the charge's own metadata
    expect(paymentRow(charge({ metadata: { netsuite_invoice_id: '42' } }), '7', '1', 1, { stripeInvoiceId: 'in_1', nsInvoiceId: '50' }).nsInvoiceId).toBe('50');
  });
});

describe('what an invoice payment says', () => {
  const ip = (payment: unknown, invoice: unknown) => ({ id: 'inpay_1', object: 'invoice_payment', status: 'paid', invoice, payment, created: 1 }) as unknown as Stripe.InvoicePayment;

  test('the payment intent (or Charges API charge) that paid, the Stripe invoice, and the NetSuite invoice its expanded metadata names', () => {
    expect(invoicesOfPayment(ip({ type: 'payment_intent', payment_intent: 'pi_1' }, { id: 'in_1', object: 'invoice', metadata: { netsuite_invoice_id: ' 12 ' } })))
      .toEqual({ intentId: 'pi_1', chargeId: '', invoices: { stripeInvoiceId: 'in_1', nsInvoiceId: '12' } });
    expect(invoicesOfPayment(ip({ type: 'payment_intent', payment_intent: { id: 'pi_2', object: 'payment_intent' } }, { id: 'in_2', object: 'invoice', metadata: { netsuite_invoice_id: 'INV-2' } })))
      .toEqual({ intentId: 'pi_2', chargeId: '', invoices: { stripeInvoiceId: 'in_2', nsInvoiceId: '' } });
    // not expanded: the invoice's id only, no metadata to read
    expect(invoicesOfPayment(ip({ type: 'charge', charge: 'ch_3' }, 'in_3'))).toEqual({ intentId: '', chargeId: 'ch_3', invoices: { stripeInvoiceId: 'in_3', nsInvoiceId: '' } });
  });
});

describe('payouts', () => {
  const payout = (over: Record<string, unknown>) => ({ id: 'po_1Ledger', object: 'payout', amount: 250000, currency: 'USD', arrival_date: 1764633600, created: 1764547200, status: 'paid', livemode: false, automatic: true, failure_code: null, failure_message: null, ...over }) as unknown as Stripe.Payout;

  test('a failed payout says why in Stripe\'s code and words; any other status has no failure', () => {
    expect(payoutRow(payout({ status: 'failed', failure_code: 'account_closed', failure_message: 'The bank account has been closed.' }), '1')).toMatchObject({ status: 'failed', failure: 'account_closed: The bank account has been closed.' });
    expect(payoutRow(payout({ status: 'failed', failure_code: 'could_not_process' }), '1').failure).toBe('could_not_process');
    expect(payoutRow(payout({ status: 'paid', failure_code: 'account_closed', failure_message: 'stale' }), '1').failure).toBe('');
    expect(payoutRow(payout({}), '1')).toMatchObject({ amount: 2500, currency: 'usd', dashboardUrl: 'https://dashboard.stripe.com/test/payouts/po_1Ledger' });
    expect(payoutRow(payout({ livemode: true }), '1').dashboardUrl).toBe('https://dashboard.stripe.com/payouts/po_1Ledger');
  });

  test('the charges a payout carries: charge and payment transactions whose source came expanded, each with its balance transaction', () => {
    const src = { id: 'ch_carried', object: 'charge', amount: 1000, currency: 'usd' };
    const txns = [
      { id: 'txn_1', type: 'charge', amount: 1000, fee: 59, net: 941, currency: 'usd', source: src },
      { id: 'txn_2', type: 'payment', amount: 500, fee: 0, net: 500, currency: 'usd', source: 'py_not_expanded' },
      { id: 'txn_3', type: 'refund', amount: -200, fee: 0, net: -200, currency: 'usd', source: { id: 're_1', object: 'refund' } },
      { id: 'txn_4', type: 'payment', amount: 700, fee: 0, net: 700, currency: 'usd', source: null },
    ] as unknown as Stripe.BalanceTransaction[];
    expect(carriedCharges(txns)).toEqual([{ ...src, balance_transaction: { ...txns[0], source: 'ch_carried' } }]);
  });
});

describe('walking one of Stripe\'s lists', () => {
  /** Stripe's list endpoint over these ids, newest first, answering `limit` and `starting_after`. */
  function pages(ids: string[], fail?: { after: string; status: number }) {
    const sent: string[] = [];
    const client = new StripeClient({
      send(req): TransportResponse {
        sent.push(req.path);
        const q = new URLSearchParams(req.path.split('?')[1]);
        const after = q.get('starting_after');
        if (fail && after === fail.after) return { status: fail.status, headers: {}, body: JSON.stringify({ error: { type: 'api_error', message: 'Something went wrong on Stripe\'s end.' } }) };
        // as Stripe does, a starting_after that is no item of the list is refused
        if (after !== null && !ids.includes(after)) return { status: 404, headers: {}, body: JSON.stringify({ error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such object: '${after}'` } }) };
        const start = after ? ids.indexOf(after) + 1 : 0;
        const data = ids.slice(start, start + Number(q.get('limit'))).map((id) => ({ id, n: Number(id.slice(3)) }));
        return { status: 200, headers: {}, body: JSON.stringify({ object: 'list', data, has_more: start + data.length < ids.length }) };
      },
    });
    return { client, sent };
  }
  const ids = (n: number) => Array.from({ length: n }, (_, i) => `py_${n - i}`); // newest first

  test('page after page of 100 until Stripe says there is no more', () => {
    const { client, sent } = pages(ids(250));
    const listed = listAll<{ id: string }>(client, '/v1/payouts', {}, () => true);
    expect([listed.complete, listed.items.length, sent.length]).toEqual([true, 250, 3]);
    expect(sent[1]).toContain('starting_after=py_151');
  });

  test('it stops at the first page that reaches an item old enough', () => {
    const { client, sent } = pages(ids(500));
    const listed = listAll<{ id: string; n: number }>(client, '/v1/invoice_payments', {}, () => true, { olderThan: (x) => x.n < 350 });
    expect([listed.complete, listed.items.length, sent.length]).toEqual([true, 200, 2]);
  });

  test('out of units it stops with what it has, saying why; a later run starts after the last item', () => {
    let pagesPaid = 0;
    const { client } = pages(ids(250));
    const listed = listAll<{ id: string }>(client, '/v1/payouts', {}, () => pagesPaid++ < 2);
    expect([listed.complete, listed.items.length, listed.stopped]).toEqual([false, 200, 'governance']);
    const rest = listAll<{ id: string }>(pages(ids(250)).client, '/v1/payouts', {}, () => true, { after: listed.items[199].id });
    expect(rest.items.map((x) => x.id)).toEqual(ids(250).slice(200));
  });

  test('Stripe failing part-way: what was listed is kept, with Stripe\'s error', () => {
    const { client } = pages(ids(250), { after: 'py_151', status: 500 });
    const listed = listAll<{ id: string }>(client, '/v1/charges', {}, () => true);
    expect([listed.complete, listed.items.length]).toEqual([false, 100]);
    expect(listed.stopped).toMatchObject({ status: 500, message: 'Something went wrong on Stripe\'s end.' });
  });
});

describe('what the payments job writes', () => {
  const CUSTOMERS = new Map([['cus_paying', '7']]);
  const row = (c: Stripe.Charge, invoices = NONE): PaymentRow => paymentRow(c, '7', '1', 5, invoices);
  /** The row as the job's search reads it back from NetSuite: numbers as text, movements as their text. */
  const searched = (r: PaymentRow) => ({ ...r, amount: String(r.amount), refunded: String(r.refunded), fee: String(r.fee), net: String(r.net), movements: movementsText(r.movements) });
  const known = (c: Stripe.Charge, over: Partial<KnownPayment> = {}, invoices = NONE): KnownPayment => ({ rowId: '900', payoutRowId: '', state: paymentState(searched(row(c, invoices))), status: row(c).status, invoiceId: invoices.stripeInvoiceId, nsInvoiceId: invoices.nsInvoiceId, movements: { refunds: [] }, ...over });

  test('a charge of a Stripe customer no NetSuite customer is linked to is not recorded; one already on file is updated whoever it belongs to now', () => {
    const stranger = charge({ id: 'ch_stranger', customer: 'cus_other' });
    const plan = planPaymentWrites('1', [{ charge: stranger }, { charge: charge({ id: 'ch_guest', customer: null }) }], new Map(), CUSTOMERS, 5, new Map());
    expect(plan).toEqual({ writes: [], unlinked: ['ch_stranger', 'ch_guest'], unchanged: 0 });
    const refunded = charge({ id: 'ch_stranger', customer: 'cus_other', refunded: true, amount_refunded: 10000 });
    const again = planPaymentWrites('1', [{ charge: refunded }], new Map([['ch_stranger', known(stranger, { rowId: '901' })]]), CUSTOMERS, 5, new Map());
    expect(again.writes).toEqual([expect.objectContaining({ rowId: '901', row: expect.objectContaining({ status: 'refunded' }) })]);
  });

  test('a row that already says what Stripe says is not written again, unless a payout listing now names the payout carrying it', () => {
    const c = charge();
    const onFile = new Map([['ch_1Ledger', known(c)]]);
    expect(planPaymentWrites('1', [{ charge: c }], onFile, CUSTOMERS, 5, new Map())).toEqual({ writes: [], unlinked: [], unchanged: 1 });
    const carried = planPaymentWrites('1', [{ charge: c, payoutRowId: '55' }], onFile, CUSTOMERS, 5, new Map());
    expect(carried).toMatchObject({ unchanged: 0, writes: [{ rowId: '900', payoutRowId: '55', created: 1764547200 }] });
    // its payout already on the row: nothing to write; a listing without one leaves it
    const withPayout = new Map([['ch_1Ledger', known(c, { payoutRowId: '55' })]]);
    expect(planPaymentWrites('1', [{ charge: c, payoutRowId: '55' }], withPayout, CUSTOMERS, 5, new Map()).unchanged).toBe(1);
    expect(planPaymentWrites('1', [{ charge: c }], withPayout, CUSTOMERS, 5, new Map()).unchanged).toBe(1);
  });

  test('a fee or refund that was not known and is now 0 is a change; empty, null and missing are the same nothing', () => {
    const r = searched(row(charge()));
    const state = (over: Record<string, unknown>) => paymentState({ ...r, ...over });
    for (const field of ['amount', 'refunded', 'fee', 'net']) {
      expect([field, state({ [field]: '' })]).toEqual([field, state({ [field]: null })]);
      expect([field, state({ [field]: undefined })]).toEqual([field, state({ [field]: '' })]);
      expect([field, state({ [field]: '' })]).not.toEqual([field, state({ [field]: 0 })]);
      expect([field, state({ [field]: null })]).not.toEqual([field, state({ [field]: '0' })]);
      expect([field, state({ [field]: '0.00' })]).toEqual([field, state({ [field]: 0 })]);
    }
  });

  test('a change only in words (the status, the failure, the card) is written too', () => {
    const c = charge();
    const onFile = new Map([['ch_1Ledger', known(c)]]);
    const disputed = planPaymentWrites('1', [{ charge: charge({ disputed: true }) }], onFile, CUSTOMERS, 5, new Map());
    expect(disputed.writes).toEqual([expect.objectContaining({ rowId: '900', row: expect.objectContaining({ status: 'disputed' }) })]);
    const card = planPaymentWrites('1', [{ charge: charge({ payment_method_details: { type: 'card', card: { brand: 'visa', last4: '1881', exp_month: 8, exp_year: 2027 } } }) }], onFile, CUSTOMERS, 5, new Map());
    expect(card.writes).toHaveLength(1);
  });

  test('a new charge takes the invoices its invoice payment names; a row on file keeps its own', () => {
    const c = charge();
    const found = new Map([['pi_1Ledger', { stripeInvoiceId: 'in_found', nsInvoiceId: '61' }]]);
    expect(planPaymentWrites('1', [{ charge: c }], new Map(), CUSTOMERS, 5, found).writes[0].row).toMatchObject({ invoiceId: 'in_found', nsInvoiceId: '61' });
    // none found: no invoice on the row
    expect(planPaymentWrites('1', [{ charge: c }], new Map(), CUSTOMERS, 5, new Map()).writes[0].row).toMatchObject({ invoiceId: '', nsInvoiceId: '' });
    const mine = { stripeInvoiceId: 'in_mine', nsInvoiceId: '60' };
    const onFile = new Map([['ch_1Ledger', known(c, {}, mine)]]);
    expect(planPaymentWrites('1', [{ charge: c }], onFile, CUSTOMERS, 5, found)).toMatchObject({ writes: [], unchanged: 1 });
  });

  test('a charge both listed in the history and carried by a payout is one write, with its payout', () => {
    const seen = mergeSeen([charge({ refunded: true })], [{ charge: charge(), payoutRowId: '55' }]);
    expect(seen).toEqual([{ charge: charge({ refunded: true }), payoutRowId: '55' }]);
  });

  test('a failed write\'s map key says what summarize needs to hold its progress back', () => {
    const key = writeKey('3', { row: row(charge()), created: 1764547200, payoutRowId: '55' });
    expect(failedWrite(key)).toEqual({ configId: '3', payoutRowId: '55', chargeId: 'ch_1Ledger', created: 1764547200 });
    expect(failedWrite(writeKey('3', { row: row(charge()), created: 1764547200 }))).toEqual({ configId: '3', payoutRowId: '', chargeId: 'ch_1Ledger', created: 1764547200 });
    expect(failedWrite('p:3:55')).toBeUndefined();
  });

  test('progress is saved only past what was written: a payout listing with a failed charge is listed again; the history resumes at the newest failed charge', () => {
    const tally = { after: 'txn_9', chargeCount: 1, gross: 1000, refundCount: 0, refunds: 0, fees: 59, net: 941 };
    const progress: Progress[] = [
      { kind: 'payout', configId: '1', rowId: '55', currency: 'usd', tally, complete: true },
      { kind: 'payout', configId: '1', rowId: '56', currency: 'usd', tally, complete: true },
      { kind: 'payout', configId: '2', rowId: '55', currency: 'usd', tally, complete: true },
      { kind: 'history', configId: '1', fromText: '1/11/2026', fromEpoch: 1000, before: '', complete: true },
      { kind: 'history', configId: '2', fromText: '1/11/2026', fromEpoch: 1000, before: '', complete: true },
    ];
    const failed = [
      { configId: '1', payoutRowId: '55', chargeId: 'ch_a', created: 2000 },
      { configId: '1', payoutRowId: '', chargeId: 'ch_b', created: 3000 },
      // carried by a payout from before the history's start: holds back its payout only
      { configId: '1', payoutRowId: '56', chargeId: 'ch_c', created: 999 },
    ];
    expect(progressToSave(progress, failed)).toEqual([
      progress[2],
      { ...progress[3], complete: false, before: 3000 },
      progress[4],
    ]);
    // a write at the history's first second counts
    expect(progressToSave([progress[3]], [{ configId: '1', payoutRowId: '', chargeId: 'ch_d', created: 1000 }])).toEqual([{ ...progress[3], complete: false, before: 1000 }]);
    expect(progressToSave([progress[3]], [failed[2]])).toEqual([progress[3]]);
    expect(progressToSave(progress, [])).toEqual(progress);
    // a failed charge of one payout does not hold back the config's other payouts
    expect(progressToSave(progress, [failed[0]])).toEqual([progress[1], progress[2], { ...progress[3], complete: false, before: 2000 }, progress[4]]);
  });
});

describe('money as Stripe moves it', () => {
  test('an authorization is not captured money: status authorized, nothing captured; expired once Stripe lets it go; a partial capture counts only real refunds', () => {
    const held = charge({ captured: false, amount_captured: 0, balance_transaction: null });
    expect(paymentRow(held, '7', '1', 1, NONE)).toMatchObject({ status: 'authorized', refunded: 0, movements: { captured: null } });
    expect(paymentRow({ ...held, refunded: true, amount_refunded: 10000 } as Stripe.Charge, '7', '1', 1, NONE)).toMatchObject({ status: 'expired', refunded: 0, movements: { captured: null } });
    // 60 of 100 captured: Stripe's amount_refunded counts the 40 released, which never moved
    const partial = charge({ amount_captured: 6000, amount_refunded: 4000 });
    expect(paymentRow(partial, '7', '1', 1, NONE)).toMatchObject({ status: 'succeeded', refunded: 0, movements: { captured: { amount: 60, at: 1764547200 } } });
    expect(paymentRow(charge({ amount_captured: 6000, amount_refunded: 5000 }), '7', '1', 1, NONE)).toMatchObject({ status: 'partially refunded', refunded: 10 });
    expect(paymentRow(charge({ amount_captured: 6000, amount_refunded: 10000, refunded: true }), '7', '1', 1, NONE)).toMatchObject({ status: 'refunded', refunded: 60 });
  });

  test('a dispute is kept with when Stripe withdrew and reinstated its funds, from its balance transactions; an inquiry has none', () => {
    const dispute = (status: string, txns: Array<{ amount: number; created: number }>) => ({ id: 'dp_1', amount: 10000, currency: 'usd', status, balance_transactions: txns }) as unknown as Parameters<typeof paymentRow>[5];
    expect(paymentRow(charge({ disputed: true }), '7', '1', 1, NONE, dispute('warning_needs_response', []))).toMatchObject({ status: 'inquiry', movements: { dispute: { id: 'dp_1', withdrawn: null, reinstated: null } } });
    expect(paymentRow(charge({ disputed: true }), '7', '1', 1, NONE, dispute('won', [{ amount: -10000, created: 300 }, { amount: 10000, created: 900 }]))).toMatchObject({ status: 'dispute won', movements: { dispute: { withdrawn: 300, reinstated: 900 } } });
    // a charge event after the inquiry: the charge says only "disputed", the row keeps "inquiry"
    expect(keepDisputeOutcome(paymentRow(charge({ disputed: true }), '7', '1', 1, NONE), 'inquiry').status).toBe('inquiry');
  });
});
