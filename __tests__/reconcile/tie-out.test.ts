/** The tie-out rules of the reconciliation page, on their own: what an accountant is told for each shape of payout. */
import { detailLine, ledgerRead, PayoutSummary, tieOut } from '../../src/core/reconcile';

const payout = (amount: number, journals: Record<string, string> = {}): PayoutSummary => ({
  rowId: '1', payoutId: 'po_1', amount, currency: 'usd', arrival: '1/12/2026', status: 'paid', deposits: [{ id: '7', url: '' }],
  posting: '', clearing: [], journals, url: '', pageUrl: '',
});
const deposit = (id: string, total: number) => ({ id, url: '', total, currency: '1', payments: [], money: [] });
const line = (amount: number) => ({ kind: 'payment' as const, transactionId: '1', transactionUrl: '', customer: '', stripeId: 'ch_1', chargeId: 'ch_1', amount, applied: '', unapplied: 0 });

test('a payout Stripe debited ties out to a deposit of 0 and the journal entry that takes the debit out of the bank', () => {
  // a refund of 30 and fees of 2 with nothing to pay them: Stripe took 32 from the bank; the deposit's clearing line brings it to 0
  const lines = [{ ...line(-30), kind: 'refund' as const }];
  const fees = [{ account: '5', amount: -2, memo: 'fees' }];
  const clearing = [{ account: '6', amount: 32, memo: 'Stripe debited the bank for payout po_1: see its journal entry' }];
  expect(tieOut(payout(-32, { debit: '12' }), [deposit('7', 0)], lines, fees, clearing)).toMatchObject({ ties: true, payments: 0, refunds: 30, fees: 2, clearing: 32, lines: 0, deposits: 0, bankLine: -32 });
  expect(tieOut(payout(-32), [deposit('7', 0)], lines, fees, clearing).problems).toEqual(['Stripe debited the bank 32.00 USD and no journal entry takes it out of the bank']);
});

test('a payout in two deposits ties out on their sum; lines that do not add up to the deposits are said, to the cent', () => {
  const lines = [line(60), line(40.01)];
  expect(tieOut(payout(100.01), [deposit('7', 60), deposit('8', 40.01)], lines, [], []).ties).toBe(true);
  expect(tieOut(payout(100.01), [deposit('7', 60), deposit('8', 40)], lines, [], []).problems).toEqual([
    'the deposit lines come to 100.01 USD but the deposits total 100.00 USD: off by -0.01 USD',
    'the deposits total 100.00 USD but the bank line is 100.01 USD: off by 0.01 USD',
  ]);
  // a payout of more deposits than the page reads never looks tied out
  const many = { ...payout(100.01), deposits: Array.from({ length: 21 }, (_, i) => ({ id: String(i + 1), url: '' })) };
  expect(tieOut(many, [deposit('1', 60), deposit('2', 40.01)], lines, [], []).problems).toEqual(['only the first 2 of its 21 deposits were read: check the rest from the payout row']);
});

test('each deposit line in words: a dispute\'s withdrawn and reinstated funds, and a transaction PayPack did not post', () => {
  const row = ledgerRead({ chargeId: 'ch_9', customer: 'Ann Co', invoice: 'INV7', posted: JSON.stringify({ done: { ch_9: '3', dp_1: '4,5', dp_1_won: '6' }, invoice: '2' }), posting: '' });
  const ledger = (id: string) => (id === 'ch_9' ? row : undefined);
  const name = (entity: string) => `customer ${entity}`;
  expect(detailLine({ transactionId: '4', type: 'Customer Refund', entity: '9', amount: -50 }, { id: '4', stripeId: 'dp_1', memo: 'Stripe dispute dp_1 of charge ch_9: funds withdrawn', url: '' }, ledger, name))
    .toMatchObject({ kind: 'dispute', chargeId: 'ch_9', customer: 'Ann Co', applied: 'credit memo 5 on invoice INV7', unapplied: 0 });
  expect(detailLine({ transactionId: '6', type: 'Payment', entity: '9', amount: 50 }, { id: '6', stripeId: 'dp_1', memo: 'Stripe dispute dp_1 of charge ch_9 won: funds reinstated', url: '' }, ledger, name))
    .toMatchObject({ kind: 'dispute won', chargeId: 'ch_9', applied: 'unapplied', unapplied: 50 });
  // reinstated funds applied to the invoice that reverses the withdrawal's credit memo
  const reversed = ledgerRead({ chargeId: 'ch_9', customer: 'Ann Co', invoice: 'INV7', posted: JSON.stringify({ done: { ch_9: '3', dp_1: '4,5', dp_1_won: '6,7' }, invoice: '2' }), posting: '' });
  expect(detailLine({ transactionId: '6', type: 'Payment', entity: '9', amount: 50 }, { id: '6', stripeId: 'dp_1', memo: 'Stripe dispute dp_1 of charge ch_9 won: funds reinstated', url: '' }, () => reversed, name))
    .toMatchObject({ kind: 'dispute won', applied: 'invoice 7 (reverses the withdrawal\'s credit memo)', unapplied: 0 });
  expect(detailLine({ transactionId: '11', type: 'Payment', entity: '9', amount: 20 }, { id: '11', stripeId: '', memo: 'cheque', url: '' }, ledger, name))
    .toMatchObject({ kind: 'not PayPack\'s', customer: 'customer 9', applied: 'not posted by PayPack', stripeId: '', chargeId: '' });
});
