/**
 * Cost per customer of each sync flow, measured on 1,000 customers through the real entry points.
 * `npm run bench` prints the table; every run asserts the budgets.
 */
import { clickSync, createCustomer, massSync, syncWorld, SyncWorld } from '../sync/setup';
import { deliver, refreshDefaults, stripeEvent, webhookWorld, answerOf } from '../webhook/setup';
import { CONFIG, CUSTOMER, PAYMENT, RECORD } from '../../src/core/ids';
import { advance } from '../../emulator/world';
import { openLink } from '../portal/setup';
import { submitFields } from 'N/record';
import * as fs from 'fs';
import * as path from 'path';
import { InvocationKind, runMapReduce, runSubmit, runSuitelet, USAGE_LIMITS } from '../../emulator/netsuite';
import { compiled } from '../compiled';
import { bookCustomer, booksWorld, turnPostingOn } from '../books/setup';
import { chargeWorld, clickCharge, payingCustomer, runAutopay, saveInvoice } from '../charge/setup';

const N = 1000;
interface Row { flow: string; units: number[]; calls: number[]; budgetUnits: number; budgetCalls: number; perSecond: number }
const rows: Row[] = [];

/**
 * What each row measures and which script invocation pays for it (NetSuite's limit is per invocation
 * of that script type): the table says it beside each row, so a reader needs no other page.
 */
const MEASURES: Record<string, { per: string; script: InvocationKind }> = {
  'auto-sync on create, new Stripe customer': { per: 'customer saved', script: 'userevent' },
  'button sync, linked customer, values changed': { per: 'click', script: 'suitelet' },
  'mass sync map, new Stripe customer': { per: 'customer', script: 'map' },
  'mass sync map, linked customer, values changed': { per: 'customer', script: 'map' },
  'mass sync map, unchanged customer': { per: 'customer', script: 'map' },
  'webhook event applied (customer.updated, default changed)': { per: 'event', script: 'suitelet' },
  'webhook duplicate event': { per: 'event', script: 'suitelet' },
  'webhook ignored event (type PayPack does not handle)': { per: 'event', script: 'suitelet' },
  'default PM map/reduce, changed': { per: 'customer', script: 'map' },
  'default PM map/reduce, unchanged (no write)': { per: 'customer', script: 'map' },
  'customer portal link click (redirect to a fresh session)': { per: 'click', script: 'suitelet' },
  'payment event applied (charge.succeeded, new ledger row)': { per: 'event', script: 'suitelet' },
  'payment event applied (invoice_payment.paid, invoice named on the row)': { per: 'event', script: 'suitelet' },
  'payment event applied (charge.refunded, row updated)': { per: 'event', script: 'suitelet' },
  'payment event duplicate': { per: 'event', script: 'suitelet' },
  'payments import, history, per charge (list page share + row write)': { per: 'charge', script: 'map' },
  'payout event applied (payout.paid, new payout row)': { per: 'event', script: 'suitelet' },
  'payments import, payout contents listed, per charge carried (row linked)': { per: 'charge', script: 'map' },
  'books: customer payment posted, applied to its invoice (per charge)': { per: 'charge', script: 'map' },
  'books: customer refund from the payment\'s credit (per refund)': { per: 'refund', script: 'map' },
  'books: customer refund with a credit memo from the invoice (per refund)': { per: 'refund', script: 'map' },
  'books: a failed refund reversed, invoice and payment (per refund)': { per: 'failed refund', script: 'map' },
  'books: a payment row ticked Needs Posting, nothing voided or deleted (per row: checked, nothing posted)': { per: 'ticked row', script: 'map' },
  'books: payout deposit of 100 charges (per deposit: 2 Stripe pages)': { per: 'deposit of 100 lines', script: 'reduce' },
  'invoice saved: its Pay by card link written (user event)': { per: 'invoice saved', script: 'userevent' },
  'Pay by card link clicked (its earlier sessions listed, a Checkout session made)': { per: 'click', script: 'suitelet' },
  'Charge Card clicked (one PaymentIntent confirmed off session)': { per: 'click', script: 'suitelet' },
  'Autopay map, invoice charged on its due date': { per: 'invoice', script: 'map' },
  'Autopay map, invoice with nothing to charge today (charged already, not applied yet)': { per: 'invoice', script: 'map' },
  'Autopay, 10,000 due invoices in one run (map per invoice)': { per: 'invoice', script: 'map' },
  'reconciliation page: the payout list': { per: 'page view', script: 'suitelet' },
  'reconciliation page: one payout of 100 charges, tied out': { per: 'page view', script: 'suitelet' },
};

function stat(xs: number[]) {
  const avg = xs.reduce((s, x) => s + x, 0) / xs.length;
  return { avg, max: Math.max(...xs) };
}

// wall-clock time (performance.now: the emulated clock moves only when a test moves it) since the last row
let since = performance.now();
beforeEach(() => { since = performance.now(); });

function record(flow: string, units: number[], calls: number[], budgetUnits: number, budgetCalls: number, count = N) {
  const seconds = Math.max(0.001, (performance.now() - since) / 1000);
  since = performance.now();
  rows.push({ flow, units, calls, budgetUnits, budgetCalls, perSecond: count / seconds });
  expect(MEASURES[flow]).toBeDefined();
  expect(budgetUnits).toBeLessThanOrEqual(USAGE_LIMITS[MEASURES[flow].script]);
  expect(units).toHaveLength(count);
  expect(stat(units).max).toBeLessThanOrEqual(budgetUnits);
  expect(stat(calls).max).toBeLessThanOrEqual(budgetCalls);
}

/** The map usage of a payments run's row writes (its progress keys only carry the progress to summarize). */
function writeUsage(run: ReturnType<typeof runMapReduce>): number[] {
  return run.input.map((p, i) => (p.key.startsWith('w:') ? run.usage.map[i] : undefined)).filter((u): u is number => u !== undefined);
}

function stripeCalls(w: SyncWorld) { return w.stripe.calls.length + w.euStripe.calls.length; }

/** Per-customer Stripe calls of a mass run, from the double's log (each map call is one customer). */
function massRun(w: SyncWorld) {
  const before = stripeCalls(w);
  const run = massSync(w);
  return { units: run.usage.map, callsTotal: stripeCalls(w) - before, run };
}

const SCRIPT_NAMES: Partial<Record<InvocationKind, string>> = { userevent: 'user event', suitelet: 'Suitelet', map: 'map/reduce map (per key)', reduce: 'map/reduce reduce (per key)' };

/** The table `npm run bench` prints: written to build/bench.md, which scripts/bench.mjs shows without jest's own lines. */
afterAll(() => {
  if (!process.env.PAYPACK_BENCH) return;
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const round = (x: number, d: number) => String(Math.round(x * 10 ** d) / 10 ** d);
  const out = [
    `# What PayPack costs in NetSuite and in Stripe (up to ${N} of each flow, through the compiled scripts)`,
    '',
    'A **unit** is NetSuite\'s governance unit: every N/* call costs some (loading a transaction 10, saving one 20,',
    'a custom record save 4, a search page 10, an https request 10, ...), and each invocation of a script may spend',
    'at most its type\'s **NetSuite limit**, or NetSuite stops it (SSS_USAGE_LIMIT_EXCEEDED). **Budget** is PayPack\'s',
    'own ceiling for one item, asserted by every `npm test`. Units and Stripe calls are for one item of the',
    '**per** column (a deposit row: one deposit of 100 lines); **per second** is wall-clock throughput on this machine,',
    'setup included (the emulator, not NetSuite: a real account is slower; it shows what grows with volume).',
    '',
    line(['flow', 'per', 'script (NetSuite limit)', 'units avg', 'units max', 'budget', 'Stripe calls avg', 'max', 'budget', 'per second']),
    line(['---', '---', '---', '---:', '---:', '---:', '---:', '---:', '---:', '---:']),
    ...rows.map((r) => {
      const u = stat(r.units); const c = stat(r.calls); const m = MEASURES[r.flow];
      return line([r.flow, m.per, `${SCRIPT_NAMES[m.script] ?? m.script} (${USAGE_LIMITS[m.script]})`, u.avg.toFixed(1), round(u.max, 1), `≤ ${r.budgetUnits}`, c.avg.toFixed(3), round(c.max, 3), `≤ ${r.budgetCalls}`, r.perSecond.toFixed(0)]);
    }),
    '',
  ];
  fs.mkdirSync(path.join(__dirname, '../../build'), { recursive: true });
  fs.writeFileSync(path.join(__dirname, '../../build/bench.md'), out.join('\n'));
});

test('auto-sync on create, new Stripe customer', () => {
  const w = syncWorld();
  createCustomer(w, { companyname: 'Warm-up', email: 'warm@up.test' }); // the first sync also fills the caches
  const units: number[] = []; const calls: number[] = [];
  for (let i = 0; i < N; i++) {
    const r = createCustomer(w, { companyname: `Auto ${i}`, email: `auto${i}@bench.test`, phone: `+1 555 ${i}` });
    units.push(r.afterSubmitUsage); calls.push(r.stripeCalls);
  }
  record('auto-sync on create, new Stripe customer', units, calls, 50, 2);
});

test('button sync, linked customer, values changed (Suitelet; the client adds 10 in the browser)', () => {
  const w = syncWorld();
  const ids = Array.from({ length: N }, (_, i) => w.account.addCustomer({ companyname: `Button ${i}`, email: `b${i}@bench.test`, subsidiary: String(w.parent) }));
  massSync(w);
  // the first click after the cache expires also loads the saved search (+5 units): warm it like a working day does
  const cold = clickSync(w, w.account.addCustomer({ companyname: 'Warm-up', email: 'warm@up.test', subsidiary: String(w.parent) }));
  expect(cold.suiteletUnits).toBe(44); // new customer (2 calls) + the saved search load + the visibility check
  for (const id of ids) w.account.get('customer', id).fields.phone = '+1 555 9999';
  const units: number[] = []; const calls: number[] = [];
  for (const id of ids) {
    const r = clickSync(w, id);
    expect(r.message.type).toBe('CONFIRMATION');
    units.push(r.suiteletUnits); calls.push(r.stripeCalls);
  }
  record('button sync, linked customer, values changed', units, calls, 40, 1);
});

test('mass sync map: new, linked and changed, unchanged', () => {
  const w = syncWorld();
  const ids = Array.from({ length: N }, (_, i) => w.account.addCustomer({ companyname: `Mass ${i}`, email: `m${i}@bench.test`, subsidiary: String(w.parent) }));
  let m = massRun(w);
  const perCustomer = (total: number) => Array.from({ length: N }, () => total / N);
  expect(m.callsTotal).toBe(2 * N);
  record('mass sync map, new Stripe customer', m.units, perCustomer(m.callsTotal), 25, 2);
  for (const id of ids) w.account.get('customer', id).fields.phone = '+1 555 1234';
  m = massRun(w);
  expect(m.callsTotal).toBe(N);
  record('mass sync map, linked customer, values changed', m.units, perCustomer(m.callsTotal), 15, 1);
  m = massRun(w);
  expect(m.callsTotal).toBe(0);
  record('mass sync map, unchanged customer', m.units, perCustomer(m.callsTotal), 2, 0);
});

test('webhook: customer.updated with a new default; duplicates and ignored types', () => {
  const w = webhookWorld();
  const ids = Array.from({ length: N }, (_, i) => w.account.addCustomer({ companyname: `Hook ${i}`, email: `h${i}@bench.test`, subsidiary: String(w.parent) }));
  massSync(w);
  const key = w.account.secrets.get('custsecret_pp_stripe_sk')!.value;
  const events = ids.map((id) => {
    const stripeId = String(w.account.get('customer', id).fields[CUSTOMER.stripeId]);
    const pm = w.stripe.seedPaymentMethod(stripeId, { card: { brand: 'visa', last4: '4242', exp_month: 8, exp_year: 2027 } });
    w.stripe.handle({ method: 'POST', url: `/v1/customers/${stripeId}`, headers: { Authorization: `Bearer ${key}` }, body: `invoice_settings[default_payment_method]=${pm.id}` });
    return w.stripe.store().events[w.stripe.store().events.length - 1];
  });
  advance(w, 1);
  const applied = events.map((e) => deliver(w, e));
  expect(applied.every((r) => answerOf(w, r).status === 'processed')).toBe(true);
  record('webhook event applied (customer.updated, default changed)', applied.map((r) => r.usage), applied.map((r) => r.stripeCalls), 40, 1);
  const dup = events.map((e) => deliver(w, e));
  record('webhook duplicate event', dup.map((r) => r.usage), dup.map((r) => r.stripeCalls), 15, 0);
  const ignored = ids.map((_, i) => deliver(w, stripeEvent('customer.discount.created', { id: `di_${i}` }, Math.floor(w.stripe.clock() / 1000))));
  record('webhook ignored event (type PayPack does not handle)', ignored.map((r) => r.usage), ignored.map((r) => r.stripeCalls), 15, 0);
});

test('default payment method map/reduce: changed and unchanged', () => {
  const w = webhookWorld();
  const ids = Array.from({ length: N }, (_, i) => w.account.addCustomer({ companyname: `PM ${i}`, email: `pm${i}@bench.test`, subsidiary: String(w.parent) }));
  massSync(w);
  for (const id of ids) w.stripe.seedPaymentMethod(String(w.account.get('customer', id).fields[CUSTOMER.stripeId]), { card: { brand: 'mastercard', last4: '4444', exp_month: 3, exp_year: 2029 } }, { makeDefault: true });
  const perCustomer = (total: number) => Array.from({ length: N }, () => total / N);
  let before = w.stripe.calls.length;
  let run = refreshDefaults();
  expect(run.output.every((o) => o.key === 'changed')).toBe(true);
  record('default PM map/reduce, changed', run.usage.map, perCustomer(w.stripe.calls.length - before), 15, 1);
  before = w.stripe.calls.length;
  run = refreshDefaults();
  expect(run.output.every((o) => o.key === 'unchanged')).toBe(true);
  record('default PM map/reduce, unchanged (no write)', run.usage.map, perCustomer(w.stripe.calls.length - before), 10, 1);
});

test('customer portal link clicked (compiled portal Suitelet)', () => {
  const w = syncWorld();
  const ids = Array.from({ length: N }, (_, i) => w.account.addCustomer({ companyname: `Portal ${i}`, email: `p${i}@bench.test`, subsidiary: String(w.parent) }));
  massSync(w);
  const clicks = ids.map((id) => openLink(w, String(w.account.get('customer', id).fields[CUSTOMER.portalUrl])));
  expect(clicks.every((r) => r.status === 302)).toBe(true);
  record('customer portal link click (redirect to a fresh session)', clicks.map((r) => r.usage), clicks.map((r) => r.stripeCalls), 25, 1);
});

test('webhook: charge events in the payment ledger (new row, refund update, duplicate) and payouts', () => {
  const w = webhookWorld();
  const ids = Array.from({ length: N }, (_, i) => w.account.addCustomer({ companyname: `Payer ${i}`, email: `pay${i}@bench.test`, subsidiary: String(w.parent) }));
  massSync(w);
  // each charge pays a Stripe invoice: invoice_payment.paid follows its charge.succeeded
  const charges = ids.map((id) => w.stripe.seedCharge(String(w.account.get('customer', id).fields[CUSTOMER.stripeId]), { amount: 1000 + id, currency: 'usd', invoice: `in_bench${id}` }));
  const events = w.stripe.store().events.filter((e) => e.type === 'charge.succeeded');
  advance(w, 1);
  const recorded = events.map((e) => deliver(w, e));
  expect(recorded.every((r) => answerOf(w, r).status === 'processed')).toBe(true);
  expect(w.account.all('customrecord_pp_payment')).toHaveLength(N);
  // the charge with its balance transaction (which Stripe invoice it paid comes with invoice_payment.paid)
  record('payment event applied (charge.succeeded, new ledger row)', recorded.map((r) => r.usage), recorded.map((r) => r.stripeCalls), 40, 1);
  // the invoice payment with its invoice (for the NetSuite invoice its metadata names), found by its payment intent on the row
  const named = w.stripe.store().events.filter((e) => e.type === 'invoice_payment.paid').map((e) => deliver(w, e));
  expect(named.every((r) => answerOf(w, r).note.endsWith('named on its row.'))).toBe(true);
  expect(w.account.all('customrecord_pp_payment').every((r) => String(r.fields.custrecord_pp_pay_invoice_id).startsWith('in_bench'))).toBe(true);
  record('payment event applied (invoice_payment.paid, invoice named on the row)', named.map((r) => r.usage), named.map((r) => r.stripeCalls), 40, 1);
  const since = w.stripe.store().events.length;
  for (const c of charges) w.stripe.refundCharge(String(c.id), 300);
  advance(w, 1);
  const refunds = w.stripe.store().events.slice(since).map((e) => deliver(w, e));
  expect(refunds.every((r) => answerOf(w, r).status === 'processed')).toBe(true);
  record('payment event applied (charge.refunded, row updated)', refunds.map((r) => r.usage), refunds.map((r) => r.stripeCalls), 40, 1);
  const dup = events.map((e) => deliver(w, e));
  record('payment event duplicate', dup.map((r) => r.usage), dup.map((r) => r.stripeCalls), 15, 0);
});

test('payments import: history per charge; a payout event; payout contents per charge carried', () => {
  const w = webhookWorld();
  const ids = Array.from({ length: 100 }, (_, i) => w.account.addCustomer({ companyname: `Hist ${i}`, email: `hist${i}@bench.test`, subsidiary: String(w.parent) }));
  massSync(w);
  const stripeIds = ids.map((id) => String(w.account.get('customer', id).fields[CUSTOMER.stripeId]));
  const fromText = w.account.now().toLocaleDateString('en-US', { timeZone: 'America/Los_Angeles' });
  advance(w, 86400);
  for (let i = 0; i < N; i++) {
    const ch = w.stripe.seedCharge(stripeIds[i % 100], { amount: 1000 + i, currency: 'usd' });
    if (i % 10 === 0) w.stripe.refundCharge(String(ch.id), 200);
    advance(w, 60);
    if (i % 100 === 99) w.stripe.payOut('usd');
  }
  submitFields({ type: 'customrecord_pp_config', id: w.parentConfig, values: { custrecord_pp_cfg_history_from: fromText } });
  let before = w.stripe.calls.length;
  let run = runMapReduce(compiled('pp_mr_payments'), { scriptId: 'customscript_pp_mr_payments' });
  expect([run.inputError, run.mapErrors]).toEqual([undefined, []]);
  expect(w.account.all('customrecord_pp_payment')).toHaveLength(N);
  expect(w.account.all('customrecord_pp_payout')).toHaveLength(10);
  // every list page of the run (charges, payouts, what they carry, invoice payments), shared over the charges
  const listPages = w.stripe.calls.length - before;
  let shared = (run.usage.getInputData + run.usage.summarize) / N;
  record('payments import, history, per charge (list page share + row write)', writeUsage(run).map((u) => u + shared), Array.from({ length: N }, () => listPages / N), 15, 0.04);

  // a day of charges recorded by their events, then Stripe pays them out
  const since = w.stripe.store().events.length;
  for (let i = 0; i < 100; i++) w.stripe.seedCharge(stripeIds[i], { amount: 5000 + i, currency: 'usd' });
  for (const e of w.stripe.store().events.slice(since)) deliver(w, e);
  advance(w, 86400);
  w.stripe.payOut('usd');
  const paid = deliver(w, w.stripe.store().events[w.stripe.store().events.length - 1]);
  record('payout event applied (payout.paid, new payout row)', [paid.usage], [paid.stripeCalls], 40, 1, 1);
  before = w.stripe.calls.length;
  run = runMapReduce(compiled('pp_mr_payments'), { scriptId: 'customscript_pp_mr_payments' });
  expect(run.output.filter((o) => o.key === 'updated')).toHaveLength(100);
  shared = (run.usage.getInputData + run.usage.summarize) / 100;
  const pages = w.stripe.calls.length - before;
  record('payments import, payout contents listed, per charge carried (row linked)', writeUsage(run).map((u) => u + shared), writeUsage(run).map(() => pages / 100), 15, 0.02, 100);
});

test('books: a customer payment posted (applied to its invoice), a refund from the payment\'s credit, a refund with a credit memo, a failed refund reversed', () => {
  const w = booksWorld();
  const n = 200;
  const customers = Array.from({ length: n }, (_, i) => bookCustomer(w, `Books ${i}`));
  turnPostingOn(w, w.account.now());
  advance(w, 60);
  // each customer: an invoice of 50 paid by a charge of 60 that names it (10 left on credit)
  let since = w.stripe.store().events.length;
  const charges = customers.map((c) => {
    const inv = w.account.books.addInvoice({ entity: c.customerId, currency: String(w.books.currencies.USD), lines: [{ item: w.books.item, amount: 50 }] });
    return w.stripe.seedCharge(c.stripeId, { amount: 6000, currency: 'usd', metadata: { netsuite_invoice_id: String(inv) } });
  });
  for (const e of w.stripe.store().events.slice(since)) deliver(w, e);
  const posting = (run: ReturnType<typeof runMapReduce>) => run.input.map((p, i) => (p.key.startsWith('b:') ? run.usage.map[i] : undefined)).filter((u): u is number => u !== undefined);
  let stripeCallsOfJobs = 0;
  const job = () => {
    const before = w.stripe.calls.length;
    const r = runMapReduce(compiled('pp_mr_payments'), { scriptId: 'customscript_pp_mr_payments' });
    stripeCallsOfJobs += w.stripe.calls.length - before;
    return r;
  };
  const none = () => Array.from({ length: n }, () => 0);
  let run = job();
  expect(run.output.filter((o) => o.key === 'posted')).toHaveLength(n);
  record('books: customer payment posted, applied to its invoice (per charge)', posting(run), none(), 45, 0, n);
  // a refund of 10: from what the payment left on credit
  since = w.stripe.store().events.length;
  for (const c of charges) w.stripe.refundCharge(String(c.id), 1000);
  for (const e of w.stripe.store().events.slice(since)) deliver(w, e);
  run = job();
  // the payment's unapplied amount is a body field, not a search column: the payment is loaded (10 units)
  record('books: customer refund from the payment\'s credit (per refund)', posting(run), none(), 55, 0, n);
  // a refund of 20 more: the payment has nothing left, so a credit memo from the invoice and a refund that takes it
  since = w.stripe.store().events.length;
  for (const c of charges) w.stripe.refundCharge(String(c.id), 2000);
  for (const e of w.stripe.store().events.slice(since)) deliver(w, e);
  run = job();
  record('books: customer refund with a credit memo from the invoice (per refund)', posting(run), none(), 85, 0, n);
  expect(w.account.books.balance(w.books.undepositedFunds)).toBe(n * 30);
  // the refunds of 20 fail: each is reversed (an invoice with the credit memo's lines, a payment applied to it)
  since = w.stripe.store().events.length;
  for (const r of [...w.stripe.store().refunds.values()].filter((x) => x.amount === 2000)) w.stripe.failRefund(String(r.id));
  for (const e of w.stripe.store().events.slice(since)) if (e.type === 'refund.failed') deliver(w, e);
  run = job();
  record('books: a failed refund reversed, invoice and payment (per refund)', posting(run), none(), 100, 0, n);
  // every row ticked by the accountant with nothing voided or deleted: one search of what it names, nothing posted
  for (const row of w.account.all(RECORD.payment)) w.account.write(RECORD.payment, { [PAYMENT.toPost]: true }, { id: row.id });
  run = job();
  expect(run.output.filter((o) => o.key === 'nothing to post')).toHaveLength(n);
  record('books: a payment row ticked Needs Posting, nothing voided or deleted (per row: checked, nothing posted)', posting(run), none(), 15, 0, n);
  // posting reads nothing from Stripe: the ledger's reads carried all it needs
  expect(stripeCallsOfJobs).toBe(0);
  expect(w.account.books.balance(w.books.undepositedFunds)).toBe(n * 50);
});

test('books: a payout posted as a bank deposit (per deposit of 100 charges; budget 60 a deposit and 0.2 a line)', () => {
  const w = booksWorld();
  const customers = Array.from({ length: 10 }, (_, i) => bookCustomer(w, `Payout ${i}`));
  turnPostingOn(w, w.account.now(), { [CONFIG.bankAccount]: String(w.books.bank), [CONFIG.feeAccount]: String(w.books.fees), [CONFIG.clearingAccount]: String(w.books.clearing) });
  const payouts = 20;
  for (let p = 0; p < payouts; p++) {
    advance(w, 3600);
    for (let i = 0; i < 100; i++) w.stripe.seedCharge(customers[i % 10].stripeId, { amount: 2000 + i, currency: 'usd' });
    const since = w.stripe.store().events.length;
    w.stripe.payOut('usd');
    for (const e of w.stripe.store().events.slice(since)) deliver(w, e);
  }
  const job = () => runMapReduce(compiled('pp_mr_payments'), { scriptId: 'customscript_pp_mr_payments' });
  job(); // lists the payouts and records their charges
  const before = w.stripe.calls.length;
  const run = job(); // posts the charges, then each payout's deposit
  const perDeposit = run.usage.reduce.filter((u) => u > 0);
  expect(w.account.all('deposit')).toHaveLength(payouts);
  const lines = 100 + 1; // the charges and the fee line
  record('books: payout deposit of 100 charges (per deposit: 2 Stripe pages)', perDeposit, perDeposit.map(() => (w.stripe.calls.length - before) / payouts), Math.floor(60 + 0.2 * lines), 2, payouts);
  // the accountant's page over them: the list is three search pages; a payout's page does not grow with its lines
  const page = (parameters: Record<string, string>) => runSuitelet(compiled('pp_sl_reconcile'), { scriptId: 'customscript_pp_sl_reconcile' }, { method: 'GET', parameters });
  const list = page({});
  expect(list.body.match(/<tr data-payout=/g)).toHaveLength(payouts);
  record('reconciliation page: the payout list', [list.usage], [0], 30, 0, 1);
  const views = w.account.all('customrecord_pp_payout').map((r) => page({ payout: String(r.id) }));
  for (const v of views) expect(v.body).toContain('<p id="tieout" class="ties">');
  record('reconciliation page: one payout of 100 charges, tied out', views.map((v) => v.usage), views.map(() => 0), 60, 0, payouts);
});

test('Pay by card: an invoice saved (its link written) and its link clicked (a fresh Checkout session)', () => {
  const w = booksWorld();
  turnPostingOn(w, w.account.now(), { custrecord_pp_cfg_pay_success_url: 'https://example.com/paid', custrecord_pp_cfg_pay_cancel_url: 'https://example.com/invoices' });
  const n = 200;
  const saved = Array.from({ length: n }, (_, i) => {
    const c = bookCustomer(w, `Payer ${i}`);
    return runSubmit(compiled('pp_ue_invoice'), { scriptId: 'customscript_pp_ue_invoice' }, {
      type: 'create', recordType: 'invoice', values: { entity: String(c.customerId), currency: String(w.books.currencies.USD), subsidiary: String(w.parent) },
      sublists: { item: [{ item: String(w.books.item), amount: 25 + i }] },
    });
  });
  record('invoice saved: its Pay by card link written (user event)', saved.map((r) => r.afterSubmitUsage), saved.map(() => 0), 30, 0, n);
  const clicks = saved.map((r) => {
    const link = String(w.account.get('invoice', r.id).fields.custbody_pp_pay_url);
    const calls = w.stripe.calls.length;
    const res = runSuitelet(compiled('pp_sl_pay'), { scriptId: 'customscript_pp_sl_pay' }, { method: 'GET', parameters: { token: new URL(link).searchParams.get('token') || '' }, url: link });
    expect(res.status).toBe(302);
    return { usage: res.usage, calls: w.stripe.calls.length - calls };
  });
  // the link's earlier sessions are listed first (one payable session per invoice), then one is made
  record('Pay by card link clicked (its earlier sessions listed, a Checkout session made)', clicks.map((c) => c.usage), clicks.map((c) => c.calls), 30, 2, n);
});

test('Charge Card clicks and Autopay runs: one Stripe call per invoice charged, none for an invoice with nothing to charge', () => {
  const w = chargeWorld({ [CONFIG.autopayDays]: '0,3' });
  const n = 200;
  const customers = Array.from({ length: n }, (_, i) => payingCustomer(w, `Charged ${i}`, i % 2 ? { card: { last4: '9995' } } : undefined, true));
  const due = new Date(w.account.now().getTime());
  // half clicked by an accountant (cards that pay), half left to Autopay (cards that decline)
  const clicked = customers.filter((_, i) => i % 2 === 0).map((c) => clickCharge(w, saveInvoice(w, c.customerId, 40, { duedate: due })));
  expect(clicked.every((c) => c.message.type === 'CONFIRMATION')).toBe(true);
  record('Charge Card clicked (one PaymentIntent confirmed off session)', clicked.map((c) => c.suiteletUnits), clicked.map((c) => c.stripeCalls), 30, 1, clicked.length);
  const paying = customers.filter((_, i) => i % 2 === 1);
  for (const c of paying) w.stripe.seedPaymentMethod(c.stripeId, { card: { brand: 'visa', last4: '4242', exp_month: 8, exp_year: 2030 } }, { makeDefault: true });
  refreshDefaults();
  for (const c of paying) saveInvoice(w, c.customerId, 60, { duedate: due });
  const first = runAutopay(w);
  // each map call is one invoice: its usage beside its outcome
  const outcomeOf = new Map(first.output.map((o) => [o.value, o.key]));
  const chargedUsage = first.input.map((x, i) => (outcomeOf.get(JSON.parse(x.value).invoiceId) === 'charged' ? first.usage.map[i] : undefined)).filter((u): u is number => u !== undefined);
  expect(chargedUsage).toHaveLength(paying.length);
  expect(first.stripeCalls).toBe(paying.length);
  record('Autopay map, invoice charged on its due date', chargedUsage, chargedUsage.map(() => 1), 25, 1, chargedUsage.length);
  // the next day: every invoice is charged already and owes what it owed (the books have not run): nothing to do, no call
  advance(w, 86400);
  const second = runAutopay(w);
  expect(second.stripeCalls).toBe(0);
  expect(second.output.every((o) => o.key === 'not today')).toBe(true);
  record('Autopay map, invoice with nothing to charge today (charged already, not applied yet)', second.usage.map, second.usage.map.map(() => 0), 25, 0, second.input.length);
});

test('Autopay: 10,000 due invoices in one run, at a cost linear in the invoices', () => {
  const w = chargeWorld();
  const perCustomer = 100;
  const customers = Array.from({ length: 100 }, (_, i) => payingCustomer(w, `Bulk ${i}`, undefined, true));
  const add = (count: number) => {
    for (const c of customers) {
      for (let k = 0; k < count; k++) {
        w.account.books.addInvoice({ entity: c.customerId, currency: w.books.currencies.USD, subsidiary: w.parent, lines: [{ item: w.books.item, amount: 10 + (k % 7) }], header: { duedate: w.account.now() } });
      }
    }
  };
  add(perCustomer / 10);
  const small = runAutopay(w);
  add(perCustomer - perCustomer / 10);
  const big = runAutopay(w);
  expect([small.input.length, big.input.length - small.input.length]).toEqual([1000, 9000]);
  expect([small.stripeCalls, big.stripeCalls]).toEqual([1000, 9000]);
  const perInvoice = big.usage.map.filter((_, i) => !small.input.some((x) => x.value === big.input[i].value));
  // listing grows with the invoices (a search page per thousand), never with their square
  expect(big.usage.getInputData).toBeLessThanOrEqual(small.usage.getInputData * 10 + 100);
  expect(big.usage.getInputData).toBeLessThanOrEqual(10000);
  record('Autopay, 10,000 due invoices in one run (map per invoice)', perInvoice, perInvoice.map(() => 1), 25, 1, perInvoice.length);
}, 600000);
