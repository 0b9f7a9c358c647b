/**
 * How a payout's Stripe balance transactions become the lines of its deposit, and what the payout row
 * says: the rules of src/core/deposits.ts on the shapes Stripe lists (`expand[]=data.source`), with
 * the memos the accountant reads on clearing lines. The flows in deposits.test.ts prove the ledger.
 */
import type Stripe from 'stripe';
import { depositItems, depositMismatch, NOTHING_POSTED, parsePayoutPosted, payoutNeedsPosting, planDeposit, postingNote, totalMismatch, DepositItem, Waiting, waitingForCharges } from '../../src/core/deposits';

const PAYOUT = 'po_1QpayoutA';

/** A balance transaction as Stripe lists it for a payout, its source expanded (or an id, or null). */
function txn(id: string, type: string, amount: number, fee: number, source: unknown, description: string | null = null, currency = 'usd'): Stripe.BalanceTransaction {
  return { id, object: 'balance_transaction', type, amount, fee, net: amount - fee, currency, source, description, status: 'available', created: 1764547200, available_on: 1764547200, reporting_category: type } as unknown as Stripe.BalanceTransaction;
}

const LISTING = [
  txn('txn_charge', 'charge', 12000, 378, { id: 'ch_paid', object: 'charge' }, 'Invoice INV-12'),
  txn('txn_payment', 'payment', 2500, 0, 'py_sepa'),
  txn('txn_refund', 'refund', -2000, 0, { id: 're_part', object: 'refund' }),
  txn('txn_pyr', 'payment_refund', -500, 0, 'pyr_back'),
  txn('txn_dispute', 'adjustment', -4000, 1500, { id: 'dp_lost', object: 'dispute', charge: 'ch_disp' }, 'Chargeback withdrawal for ch_disp'),
  txn('txn_won', 'adjustment', 4000, 0, { id: 'dp_lost', object: 'dispute', charge: { id: 'ch_disp', object: 'charge' } }, 'Chargeback reversal for ch_disp'),
  txn('txn_old_dispute', 'adjustment', -1000, 1500, 'du_legacy'),
  txn('txn_adjust', 'adjustment', -700, 0, null, 'Balance adjustment'),
  txn('txn_reserve', 'adjustment', -300, 0, { id: 'rtx_held', object: 'reserve_transaction' }),
  txn('txn_tax', 'stripe_fee', -150, 0, null, 'Stripe Tax'),
  txn('txn_taxfee', 'tax_fee', -20, 0, null),
  txn('txn_returned', 'payout_failure', 9000, 0, { id: 'po_0returned', object: 'payout' }),
  txn('txn_self', 'payout', -20000, 0, { id: PAYOUT, object: 'payout' }),
];

test('each balance transaction of a payout: the Stripe id PayPack posted it under, what it brings and its fees, in words for a memo', () => {
  expect(depositItems(LISTING, PAYOUT)).toEqual([
    { txnId: 'txn_charge', key: 'ch_paid', amount: 120, fee: 3.78, label: 'Stripe charge ch_paid (Invoice INV-12)', chargeId: 'ch_paid' },
    { txnId: 'txn_payment', key: 'py_sepa', amount: 25, fee: 0, label: 'Stripe payment py_sepa', chargeId: 'py_sepa' },
    { txnId: 'txn_refund', key: 're_part', amount: -20, fee: 0, label: 'Stripe refund re_part', chargeId: '' },
    { txnId: 'txn_pyr', key: 'pyr_back', amount: -5, fee: 0, label: 'Stripe payment refund pyr_back', chargeId: '' },
    // a dispute's withdrawal is posted under the dispute; its reversal (won) under `_won`
    { txnId: 'txn_dispute', key: 'dp_lost', amount: -40, fee: 15, label: 'Stripe adjustment dp_lost (Chargeback withdrawal for ch_disp)', chargeId: 'ch_disp' },
    { txnId: 'txn_won', key: 'dp_lost_won', amount: 40, fee: 0, label: 'Stripe adjustment dp_lost (Chargeback reversal for ch_disp)', chargeId: 'ch_disp' },
    { txnId: 'txn_old_dispute', key: 'du_legacy', amount: -10, fee: 15, label: 'Stripe adjustment du_legacy', chargeId: '' },
    // an adjustment that is no dispute's has no NetSuite transaction
    { txnId: 'txn_adjust', key: '', amount: -7, fee: 0, label: 'Stripe adjustment txn_adjust (Balance adjustment)', chargeId: '' },
    { txnId: 'txn_reserve', key: '', amount: -3, fee: 0, label: 'Stripe adjustment rtx_held', chargeId: '' },
    // Stripe's own fees (Stripe Tax, Radar...) are fees, not money moved
    { txnId: 'txn_tax', key: '', amount: 0, fee: 1.5, label: 'Stripe stripe fee txn_tax (Stripe Tax)', chargeId: '' },
    { txnId: 'txn_taxfee', key: '', amount: 0, fee: 0.2, label: 'Stripe tax fee txn_taxfee', chargeId: '' },
    { txnId: 'txn_returned', key: '', amount: 90, fee: 0, label: 'Stripe payout po_0returned returned by the bank (failed): see its journal entry', chargeId: '' },
  ]);
});

test('amounts in a zero-decimal currency stay whole', () => {
  expect(depositItems([txn('txn_yen', 'charge', 10000, 390, 'ch_yen', null, 'jpy')], PAYOUT)).toEqual([
    { txnId: 'txn_yen', key: 'ch_yen', amount: 10000, fee: 390, label: 'Stripe charge ch_yen', chargeId: 'ch_yen' },
  ]);
});

describe('the deposit of those items', () => {
  /** NetSuite's side: what waits on the deposit's payment sublist, by the Stripe id it was posted under. */
  const WAITING: Record<string, Waiting> = {
    ch_paid: { line: 0, sameCurrencyAmount: 120 },
    py_sepa: { line: 1, sameCurrencyAmount: null }, // posted in EUR: Stripe's settled amount is what it brings
    re_part: { line: 2, sameCurrencyAmount: -20 },
    dp_lost: { line: 3, sameCurrencyAmount: -40 },
    dp_lost_won: { line: 4, sameCurrencyAmount: 40 },
  };
  const NOT_THERE = 'no NetSuite transaction';
  const find = (item: DepositItem) => WAITING[item.key] ?? NOT_THERE;

  test('posted ones ticked, fees summed, the rest on clearing lines named in their memos; it comes to the items\' net', () => {
    const plan = planDeposit(depositItems(LISTING, PAYOUT), find);
    expect(plan.ticks).toEqual([
      { line: 0, paymentamount: 120, foreign: false },
      { line: 1, paymentamount: 25, foreign: true },
      { line: 2, paymentamount: -20, foreign: false },
      { line: 3, paymentamount: -40, foreign: false },
      { line: 4, paymentamount: 40, foreign: false },
    ]);
    expect(plan.fees).toBe(35.48); // 3.78 + 15 + 15 + 1.50 + 0.20, to the cent
    expect(plan.clearing).toEqual([
      { amount: -5, memo: `Stripe payment refund pyr_back: ${NOT_THERE}` },
      { amount: -10, memo: `Stripe adjustment du_legacy: ${NOT_THERE}` },
      { amount: -7, memo: 'Stripe adjustment txn_adjust (Balance adjustment): PayPack posts no NetSuite transaction for it' },
      { amount: -3, memo: 'Stripe adjustment rtx_held: PayPack posts no NetSuite transaction for it' },
      { amount: 90, memo: 'Stripe payout po_0returned returned by the bank (failed): see its journal entry: PayPack posts no NetSuite transaction for it' },
    ]);
    expect(plan.total).toBe((12000 - 378 + 2500 - 2000 - 500 - 4000 - 1500 + 4000 - 1000 - 1500 - 700 - 300 - 150 - 20 + 9000) / 100);
  });

  test('a NetSuite transaction for another amount than Stripe moved: ticked as it is, the difference on its own clearing line', () => {
    const plan = planDeposit([{ txnId: 'txn_1', key: 'ch_paid', amount: 120, fee: 0, label: 'Stripe charge ch_paid', chargeId: 'ch_paid' }], () => ({ line: 7, sameCurrencyAmount: 119.99 }));
    expect(plan.ticks).toEqual([{ line: 7, paymentamount: 119.99, foreign: false }]);
    expect(plan.clearing).toEqual([{ amount: 0.01, memo: 'Stripe charge ch_paid: Stripe moved 120, its NetSuite transaction 119.99; the difference' }]);
    expect(plan.total).toBe(120);
  });

  test('a memo stops at 300 characters, NetSuite\'s limit', () => {
    const long = txn('txn_long', 'adjustment', -100, 0, null, 'x'.repeat(400));
    const [line] = planDeposit(depositItems([long], PAYOUT), find).clearing;
    expect(line.memo).toBe(`Stripe adjustment txn_long (${'x'.repeat(300 - 'Stripe adjustment txn_long ('.length)}`);
    expect(line.memo).toHaveLength(300);
  });

  test('so does the memo of a difference', () => {
    const label = `Stripe charge ch_paid (${'y'.repeat(400)})`;
    const [line] = planDeposit([{ txnId: 'txn_1', key: 'ch_paid', amount: 120, fee: 0, label, chargeId: 'ch_paid' }], () => ({ line: 7, sameCurrencyAmount: 119.99 })).clearing;
    expect(line).toEqual({ amount: 0.01, memo: label.slice(0, 300) });
  });
});

test('a payout whose parts do not come to it: by how much, in the accountant\'s figures', () => {
  expect(totalMismatch(4999, 50, 'usd')).toBe('what Stripe lists for the payout comes to 49.99 USD, not the payout\'s 50.00 (0.01 USD apart)');
  expect(totalMismatch(-510, -5.1, 'usd')).toBe('');
});

test('a deposit NetSuite totals otherwise than its part of the payout: by how much, never saved', () => {
  expect(depositMismatch(49.99, 5000, 'usd')).toBe('NetSuite totals the deposit at 49.99 USD, not the 50.00 USD Stripe paid out for it (0.01 USD apart)');
  expect(depositMismatch(50, 5000, 'usd')).toBe('');
  expect(depositMismatch(0.1 + 0.2, 30, 'usd')).toBe(''); // to the cent, not to the float
});

test('the payout row\'s progress survives a round trip, journal entries included', () => {
  const posted = { ...NOTHING_POSTED, deposits: ['41', '42'], after: 'txn_9', done: true, clearingLines: 2, clearingSum: -12.5, cents: 123456, journals: { failed: '77' } };
  expect(parsePayoutPosted(JSON.stringify(posted))).toEqual(posted);
  expect(parsePayoutPosted(JSON.stringify({ deposits: ['41'] }))).toEqual({ ...NOTHING_POSTED, deposits: ['41'], journals: {} });
});

test('what the payout row says: deposits, clearing lines, journal entries; part-way, what happens next', () => {
  const one = { ...NOTHING_POSTED, deposits: ['41'], done: true, journals: {} };
  expect(postingNote(one, 'usd')).toBe('posted as deposit 41');
  expect(postingNote({ ...one, journals: { failed: '77' } }, 'usd')).toBe('posted as deposit 41; journal entry 77');
  expect(postingNote({ ...one, deposits: ['41', '42'], clearingLines: 1, clearingSum: 9.99, journals: { debit: '77', debit2: '78' } }, 'eur'))
    .toBe('posted as 2 deposits (41, 42) with 1 clearing line of 9.99 EUR in total: Stripe items with no NetSuite transaction, named in each line\'s memo; journal entries 77, 78');
  expect(postingNote({ ...one, done: false, journals: { debit: '77' } }, 'usd')).toBe('part-way: deposit 41 so far; journal entry 77; the next run of PayPack Payments Import carries on');
});

test('which payouts are posted: paid or failed, listed, created from Post From on, until their deposits (and a failed one\'s journal) are made', () => {
  const postFrom = 1764547200;
  const payout = { status: 'paid', created: postFrom, contents: 'listed', posted: { ...NOTHING_POSTED, journals: {} } };
  const listed = ['listed'];
  expect(payoutNeedsPosting(payout, postFrom, listed)).toBe(true); // created at Post From itself
  expect(payoutNeedsPosting({ ...payout, created: postFrom - 1 }, postFrom, listed)).toBe(false);
  expect(payoutNeedsPosting({ ...payout, contents: 'listing' }, postFrom, listed)).toBe(false);
  expect(payoutNeedsPosting({ ...payout, status: 'in_transit' }, postFrom, listed)).toBe(false);
  expect(payoutNeedsPosting({ ...payout, status: 'failed' }, postFrom, listed)).toBe(true);
  const done = { ...NOTHING_POSTED, deposits: ['41'], done: true, journals: {} };
  expect(payoutNeedsPosting({ ...payout, posted: done }, postFrom, listed)).toBe(false);
  expect(payoutNeedsPosting({ ...payout, status: 'failed', posted: done }, postFrom, listed)).toBe(true);
  expect(payoutNeedsPosting({ ...payout, status: 'failed', posted: { ...done, journals: { failed: '77' } } }, postFrom, listed)).toBe(false);
});

test('a deposit waits only for items whose charge still needs posting, and says which', () => {
  const items = depositItems(LISTING, PAYOUT);
  expect(waitingForCharges(items, new Set())).toBe('');
  expect(waitingForCharges(items, new Set(['ch_other']))).toBe('');
  expect(waitingForCharges(items, new Set(['ch_paid']))).toBe('Stripe charge ch_paid (Invoice INV-12) still needs posting (see its PayPack Stripe Payment row for why). The deposit waits until it is posted, so its payment comes off Undeposited Funds instead of onto the clearing account');
  // a dispute's withdrawal and reinstatement belong to their charge's row too
  expect(waitingForCharges(items, new Set(['ch_disp']))).toMatch(/^Stripe adjustment dp_lost \(Chargeback withdrawal for ch_disp\), Stripe adjustment dp_lost \(Chargeback reversal for ch_disp\) still need posting \(see their PayPack Stripe Payment rows for why\)\. The deposit waits until they are posted/);
  const many = Array.from({ length: 7 }, (_, i) => ({ txnId: `t${i}`, key: `ch_${i}`, amount: 1, fee: 0, label: `Stripe charge ch_${i}`, chargeId: `ch_${i}` }));
  expect(waitingForCharges(many, new Set(many.map((m) => m.chargeId)))).toMatch(/^Stripe charge ch_0, .*, Stripe charge ch_4 and 2 more still need posting/);
});
