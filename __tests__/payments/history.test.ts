/**
 * The history import (PayPack Payments Import): past charges and payouts from the date set on the
 * config, matching Stripe to the cent per currency, resumable, idempotent, and safe while events arrive.
 */
import * as record from 'N/record';
import { CONFIG, PAYMENT, PAYOUT, RECORD } from '../../src/core/ids';
import { majorUnits } from '../../src/core/payments';
import { advance } from '../../emulator/world';
import { deliver, webhookWorld, WebhookWorld } from '../webhook/setup';
import { linkedCustomer, paymentRows, payoutRows, runPaymentsJob } from './setup';

const CURRENCIES = ['usd', 'eur', 'jpy'];
/** The account settles in dollars and euros (it has a bank account for each); yen are converted into dollars. */
const SETTLEMENT = ['usd', 'eur'];
const DAY = 86400;

let w: WebhookWorld;
let customers: Array<{ customerId: number; stripeId: string }>;

function setHistoryFrom(text: string) {
  record.submitFields({ type: RECORD.config, id: w.parentConfig, values: { [CONFIG.historyFrom]: text } });
}

/** `days` days of trading, `perDay` charges a day over the customers and three currencies, one payout a day. */
function trade(days: number, perDay: number) {
  let n = 0;
  for (let day = 0; day < days; day++) {
    for (let i = 0; i < perDay; i++, n++) {
      const currency = CURRENCIES[n % 3];
      const c = customers[n % customers.length];
      const amount = currency === 'jpy' ? 1000 + (n % 97) * 10 : 500 + ((n * 37) % 20000);
      const charge = w.stripe.seedCharge(c.stripeId, { amount, currency, ...(n % 25 === 7 ? { failureMessage: 'Your card was declined.' } : {}) });
      if (n % 10 === 3) w.stripe.refundCharge(String(charge.id), Math.floor(amount / 4));
      if (n % 10 === 4) w.stripe.refundCharge(String(charge.id));
      advance(w, Math.floor(DAY / (perDay + 1)));
    }
    w.stripe.payOut(SETTLEMENT[day % 2]);
    advance(w, DAY - Math.floor(DAY / (perDay + 1)) * perDay);
  }
}

/** Stripe's own totals per charge currency (and fees per settlement currency) for the charges of linked customers created from `since`. */
function stripeTotals(since: number) {
  const linked = new Set(customers.map((c) => c.stripeId));
  const out: Record<string, { amount: number; refunded: number; count: number }> = {};
  const fees: Record<string, number> = {};
  const txns = w.stripe.store().balanceTransactions;
  for (const ch of w.stripe.store().charges.values()) {
    if (!linked.has(String(ch.customer)) || Number(ch.created) < since) continue;
    const t = (out[String(ch.currency)] ||= { amount: 0, refunded: 0, count: 0 });
    t.count++;
    t.amount += Number(ch.amount);
    t.refunded += Number(ch.amount_refunded);
    if (ch.balance_transaction) {
      const txn = txns.get(String(ch.balance_transaction))!;
      fees[String(txn.currency)] = (fees[String(txn.currency)] || 0) + Number(txn.fee);
    }
  }
  return { charges: out, fees };
}

/** NetSuite's totals the same way, in the smallest unit (summed as integers, so no float drift). */
function netsuiteTotals() {
  const out: Record<string, { amount: number; refunded: number; count: number }> = {};
  const fees: Record<string, number> = {};
  const minor = (x: unknown, cur: string) => Math.round(Number(x || 0) * (cur === 'jpy' ? 1 : 100));
  for (const p of paymentRows(w)) {
    const cur = String(p[PAYMENT.currency]);
    const t = (out[cur] ||= { amount: 0, refunded: 0, count: 0 });
    t.count++;
    t.amount += minor(p[PAYMENT.amount], cur);
    t.refunded += minor(p[PAYMENT.refunded], cur);
    const settle = String(p[PAYMENT.settleCurrency] || '');
    if (settle) fees[settle] = (fees[settle] || 0) + minor(p[PAYMENT.fee], settle);
  }
  return { charges: out, fees };
}

beforeEach(() => {
  w = webhookWorld();
  w.stripe.settlementCurrencies = SETTLEMENT;
  customers = Array.from({ length: 20 }, (_, i) => linkedCustomer(w, `History ${i + 1} Co`));
});

test('5,000 charges and 50 payouts from the config\'s date: totals match Stripe to the cent per currency; every paid-out charge points to its payout; within budget', () => {
  // trading before the date, all paid out, is not imported
  trade(2, 20);
  for (const c of SETTLEMENT) w.stripe.payOut(c);
  // three quiet days: the date set is the middle one, so its start (in any time zone) falls among them
  advance(w, 1.5 * DAY);
  const sinceEpoch = Math.floor(w.account.now().getTime() / 1000);
  const fromText = w.account.now().toLocaleDateString('en-US', { timeZone: 'America/Los_Angeles' });
  advance(w, 1.5 * DAY);
  const from = w.stripe.store().charges.size;
  trade(50, 100);
  const stranger = w.stripe.seedCustomer({ email: 'not@linked.test' });
  w.stripe.seedCharge(String(stranger.id), { amount: 999, currency: 'usd' });
  expect(w.stripe.store().charges.size - from).toBe(5001);
  const payoutsSince = [...w.stripe.store().payouts.values()].filter((p) => Number(p.created) >= sinceEpoch);
  expect(payoutsSince.length).toBe(50);

  setHistoryFrom(fromText);
  const job = runPaymentsJob(w);
  expect([job.inputError, job.mapErrors]).toEqual([undefined, []]);

  const expected = stripeTotals(sinceEpoch);
  expect(Object.values(expected.charges).reduce((s, t) => s + t.count, 0)).toBe(5000);
  // yen fees are in dollars, as Stripe settled them: no fee is labelled jpy
  expect(Object.keys(expected.fees).sort()).toEqual(['eur', 'usd']);
  expect(netsuiteTotals()).toEqual(expected);

  // each payout: its row, its amount, and every charge it carried points to it
  const rows = payoutRows(w);
  expect(rows.length).toBe(50);
  for (const po of payoutsSince) {
    const row = rows.find((r) => r[PAYOUT.id] === po.id)!;
    expect(row).toMatchObject({ [PAYOUT.amount]: majorUnits(Number(po.amount), String(po.currency)), [PAYOUT.status]: 'paid', [PAYOUT.contents]: 'listed' });
  }
  const carriedBy = new Map<string, string>();
  for (const t of w.stripe.store().balanceTransactions.values()) if (t.type === 'charge' && t._payout) carriedBy.set(String(t.source), String(t._payout));
  const rowOfPayout = new Map(rows.map((r) => [String(r[PAYOUT.id]), r.id]));
  let linked = 0;
  for (const p of paymentRows(w)) {
    const po = carriedBy.get(String(p[PAYMENT.chargeId]));
    expect(p[PAYMENT.payout] || undefined).toBe(po ? rowOfPayout.get(po) : undefined);
    if (po) linked++;
  }
  expect(linked).toBeGreaterThan(4500);

  const units = job.usage.getInputData + job.usage.map.reduce((s, u) => s + u, 0) + job.usage.summarize;
  const chargePages = w.stripe.calls.filter((c) => c.path === '/v1/charges').length;
  expect(units / 5000).toBeLessThanOrEqual(15);
  expect(chargePages).toBe(51); // 5,001 charges, 100 a page: the budget of 1 call per 100 charges
  expect(job.usage.getInputData).toBeLessThan(10000);

  // a second run: nothing to list again (the date's import is done), nothing written
  const again = runPaymentsJob(w);
  expect([again.input.length, again.stripeCalls]).toEqual([0, 0]);
});

test('resumable and exactly once: a run that stops for governance is finished by the next; events arriving during the run make no duplicate', () => {
  trade(10, 30);
  setHistoryFrom(new Date(w.account.now().getTime() - 30 * DAY * 1000).toLocaleDateString('en-US', { timeZone: 'America/Los_Angeles' }));
  // as if the history were far longer: each page of charges leaves the input stage 4,450 units poorer
  w.stripe.onRequest = (req) => { if (req.url.includes('/v1/charges?')) w.account.charge(4450, 'a history far longer than this one'); };
  const stopped = runPaymentsJob(w);
  w.stripe.onRequest = undefined;
  expect(stopped.inputError).toBeUndefined();
  // two pages of charges (and every payout's contents), then it stopped with units to spare: the oldest charges wait
  expect(paymentRows(w).length).toBeLessThan(300);
  const cfg = () => w.account.get(RECORD.config, w.parentConfig).fields;
  expect(cfg()[CONFIG.historyBefore]).toEqual(expect.any(Number));
  expect(cfg()[CONFIG.historyDone] || '').toBe('');
  // it asked for a next run at once rather than wait for the schedule
  expect(w.account.submittedTasks.map((t) => t.scriptId)).toEqual(['customscript_pp_mr_payments']);

  // a refund whose event was lost: the next run finds it in the history and updates the row
  const target = [...w.stripe.store().charges.values()].find((c) => c.status === 'succeeded' && !c.refunded && paymentRows(w).some((r) => r[PAYMENT.chargeId] === c.id))!;
  w.stripe.refundCharge(String(target.id), 100);
  // the next run carries on; just before it writes that row, the rest is refunded and that event is applied first
  const resumed = runPaymentsJob(w, {
    beforeMap: (key) => {
      if (!key.includes(`:${String(target.id)}:`)) return;
      advance(w, 30); // the job has been running a while
      w.stripe.refundCharge(String(target.id));
      deliver(w, w.stripe.store().events.filter((e) => e.type === 'charge.refunded').pop()!);
    },
  });
  expect(resumed.mapErrors).toEqual([]);
  const rows = paymentRows(w);
  expect(rows.length).toBe(300);
  expect(new Set(rows.map((r) => r[PAYMENT.chargeId])).size).toBe(300);
  expect(rows.find((r) => r[PAYMENT.chargeId] === target.id)).toMatchObject({ [PAYMENT.status]: 'refunded' });
  expect(cfg()[CONFIG.historyBefore] || '').toBe('');
  expect(cfg()[CONFIG.historyDone]).toEqual(expect.any(Date));

  // a third run: the date's import is done, nothing to write
  const third = runPaymentsJob(w);
  expect([third.input.length, third.stripeCalls]).toEqual([0, 0]);
});
