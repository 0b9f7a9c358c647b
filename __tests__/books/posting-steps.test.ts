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
    { kind: 'payment', stripeId: 'ch_A', externalId: 'stripe_ch_A', amount: 120, nsInvoiceId: '88', memo: 'Stripe charge ch_A' },
    { kind: 'refund', stripeId: 're_A', externalId: 'stripe_re_A', creditMemoExternalId: 'stripe_re_A_cm', amount: 20, memo: 'Stripe refund re_A of charge ch_A' },
    { kind: 'refund', stripeId: 'dp_A', externalId: 'stripe_dp_A', creditMemoExternalId: 'stripe_dp_A_cm', amount: 100, memo: 'Stripe dispute dp_A of charge ch_A: funds withdrawn' },
    { kind: 'reinstatement', stripeId: 'dp_A_won', externalId: 'stripe_dp_A_won', amount: 100, memo: 'Stripe dispute dp_A of charge ch_A won: funds reinstated' },
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
