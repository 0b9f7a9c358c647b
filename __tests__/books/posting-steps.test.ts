/**
 * Which NetSuite transactions a ledger row still needs, in order, with the memos the accountant
 * reads on them: the rules of postingSteps in src/core/books.ts. The flows in books.test.ts prove
 * the general ledger; these pin what is left out (posted before, before Post From) one case at a time.
 */
import { BookRow, postingSteps } from '../../src/core/books';

const POST_FROM = 1764547200;

function row(over: Partial<BookRow> = {}): BookRow {
  return {
    rowId: '5', chargeId: 'ch_A', customerId: '7', amount: 120, currency: 'usd', created: POST_FROM, status: 'dispute won', nsInvoiceId: '88',
    movements: { refunds: [{ id: 're_A', amount: 20, created: POST_FROM + 60 }], dispute: { id: 'dp_A', amount: 100, status: 'won' } },
    posted: { done: {} },
    ...over,
  };
}

test('a charge created at Post From itself is posted: its payment, each refund, a dispute\'s withdrawal and reinstatement, with their memos', () => {
  expect(postingSteps(row(), POST_FROM)).toEqual([
    { kind: 'payment', stripeId: 'ch_A', externalId: 'stripe_ch_A', amount: 120, nsInvoiceId: '88', memo: 'Stripe charge ch_A', dated: POST_FROM },
    { kind: 'refund', stripeId: 're_A', externalId: 'stripe_re_A', creditMemoExternalId: 'stripe_re_A_cm', amount: 20, memo: 'Stripe refund re_A of charge ch_A', dated: POST_FROM + 60 },
    { kind: 'refund', stripeId: 'dp_A', externalId: 'stripe_dp_A', creditMemoExternalId: 'stripe_dp_A_cm', amount: 100, memo: 'Stripe dispute dp_A of charge ch_A: funds withdrawn' },
    { kind: 'reinstatement', stripeId: 'dp_A_won', externalId: 'stripe_dp_A_won', invoiceExternalId: 'stripe_dp_A_won_inv', refundId: 'dp_A', amount: 100, memo: 'Stripe dispute dp_A of charge ch_A won: funds reinstated' },
  ]);
  expect(postingSteps(row({ created: POST_FROM - 1 }), POST_FROM)).toEqual([]);
});

test('what is posted already is not posted again, each part on its own', () => {
  const steps = (done: Record<string, string>) => postingSteps(row({ posted: { done } }), POST_FROM).map((s) => s.stripeId);
  expect(steps({ ch_A: '41' })).toEqual(['re_A', 'dp_A', 'dp_A_won']);
  expect(steps({ ch_A: '41', re_A: '42' })).toEqual(['dp_A', 'dp_A_won']);
  expect(steps({ ch_A: '41', re_A: '42', dp_A: '43' })).toEqual(['dp_A_won']);
  expect(steps({ ch_A: '41', re_A: '42', dp_A: '43', dp_A_won: '44' })).toEqual([]);
});

test('only captured money is posted: an authorization or an expired one posts nothing; a partial capture posts what was captured, dated at the capture', () => {
  expect(postingSteps(row({ status: 'authorized', movements: { captured: null, refunds: [] } }), POST_FROM)).toEqual([]);
  expect(postingSteps(row({ status: 'expired', movements: { captured: null, refunds: [] } }), POST_FROM)).toEqual([]);
  // even if a status said otherwise, nothing captured is nothing to post
  expect(postingSteps(row({ status: 'succeeded', movements: { captured: null, refunds: [] } }), POST_FROM)).toEqual([]);
  expect(postingSteps(row({ status: 'succeeded', movements: { captured: { amount: 70, at: POST_FROM + 3600 }, refunds: [] } }), POST_FROM))
    .toEqual([expect.objectContaining({ kind: 'payment', amount: 70, dated: POST_FROM + 3600 })]);
});

test('a dispute posts from its balance transactions: an inquiry (none) posts nothing; a withdrawal a refund, a reinstatement a payment, dated when Stripe moved the money', () => {
  const dispute = (withdrawn: number | null, reinstated: number | null) => row({ status: 'inquiry', movements: { refunds: [], dispute: { id: 'dp_A', amount: 100, status: 'warning_closed', withdrawn, reinstated } } });
  expect(postingSteps(dispute(null, null), POST_FROM).map((s) => s.kind)).toEqual(['payment']);
  expect(postingSteps(dispute(POST_FROM + 10, null), POST_FROM).slice(1)).toEqual([expect.objectContaining({ kind: 'refund', stripeId: 'dp_A', dated: POST_FROM + 10 })]);
  expect(postingSteps(dispute(POST_FROM + 10, POST_FROM + 20), POST_FROM).slice(2)).toEqual([expect.objectContaining({ kind: 'reinstatement', stripeId: 'dp_A_won', dated: POST_FROM + 20 })]);
});

test('a refund that failed: nothing if it was never posted; its reverse once if it was', () => {
  const failed = (done: Record<string, string>) => postingSteps(row({ status: 'succeeded', movements: { refunds: [{ id: 're_A', amount: 20, created: POST_FROM + 60, failed: true }] }, posted: { done } }), POST_FROM);
  expect(failed({ ch_A: '41' })).toEqual([]);
  expect(failed({ ch_A: '41', re_A: '42,43' })).toEqual([{
    kind: 'refund failure', stripeId: 're_A_failed', externalId: 'stripe_re_A_failed', invoiceExternalId: 'stripe_re_A_failed_inv', refundId: 're_A', amount: 20,
    memo: 'Stripe refund re_A of charge ch_A failed: the money is back in Stripe\'s balance',
  }]);
  expect(failed({ ch_A: '41', re_A: '42,43', re_A_failed: '44,45' })).toEqual([]);
});
