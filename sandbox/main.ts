/**
 * PayPack local sandbox: runs the COMPILED bundle (FileCabinet/ + Objects/) on the NetSuite
 * account double, against Stripe test mode (STRIPE_SECRET_KEY) or the embedded Stripe double.
 */
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import { Account, installScriptModules, loadObjectsSchema, NetworkFailure, runMapReduce, runSubmit, runSuitelet, ScriptModule, useAccount } from '../emulator/netsuite';
import { loadAmd, netsuiteResolver } from '../emulator/amd';
import { setupBooks } from '../emulator/netsuite/books';
import { StripeDouble, StripeNetworkFailure } from '../emulator/stripe';
import { systemClock } from '../emulator/clock';
import { addDemoSearches, DEMO_SECRET_ID, seedDemo } from './demo';
import { save } from './persist';
import { preflight } from './preflight';
import { SyncHttp } from './sync-http';
import { CARD_BRANDS, HELP, parseArgs, UsageError } from './options';

const ROOT = path.resolve(__dirname, '../../..');

/** The embedded Stripe double's key (generated, not a real key). */
const SANDBOX_KEY = 'sk_test_' + 'sandbox'.padEnd(24, '0');
/** The PayPack Reconciliation Suitelet: served at /reconcile, and the breakdown printed after the demo payout. */
const RECONCILE = 'customscript_pp_sl_reconcile';
/** Failed customers listed in the summary; the rest are counted and found in the sync log. */
const MAX_FAILURES_SHOWN = 20;

const out = (line: string) => process.stdout.write(`${line}\n`);

/** The compiled bundle, loaded as NetSuite loads it, by script id. */
function loadBundle(account: Account): Map<string, ScriptModule> {
  const modules = new Map<string, ScriptModule>();
  for (const s of account.scripts.values()) {
    const file = path.join(ROOT, 'FileCabinet', s.file);
    if (!fs.existsSync(file)) throw new UsageError(`The compiled bundle is missing (${path.relative(ROOT, file)}): run npm run build, or use npm start, which builds first.`);
    modules.set(s.id, loadAmd(file, netsuiteResolver()).exports);
  }
  return modules;
}

function progressBar(done: number, total: number, failed: number, started: number): string {
  const width = 30;
  const filled = Math.round((done / Math.max(1, total)) * width);
  const seconds = (Date.now() - started) / 1000;
  // a rate over the first moments (one customer in a few milliseconds) says nothing: it waits for a second of work, or the last customer
  const rate = seconds >= 1 || (done === total && seconds > 0) ? `${(done / seconds).toFixed(0)}/s` : 'rate after 1 s';
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} customers, ${rate}, ${failed} failed`;
}

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  if (opts === 'help') { out(HELP); return 0; }

  // every refusal that needs no work, each in one line (npm start says them before it builds)
  const { key, base, savedAccount, savedStripe } = preflight(opts, process.env);
  // the two data files of this folder carry one pair id, so a later run knows they belong together
  const pair = typeof savedAccount?.pair === 'string' ? savedAccount.pair : randomBytes(8).toString('hex');
  const server = opts.once ? undefined : await listen(opts.port);

  const account = useAccount(new Account());
  // a live demo: real time, so Stripe's signatures and the retry job's backoff behave as in an account
  account.clock = systemClock;
  account.install(loadObjectsSchema(path.join(ROOT, 'Objects')));
  const bundle = loadBundle(account);
  installScriptModules(Object.fromEntries(bundle), account);

  // Stripe: the real API in test mode, or an embedded double
  let stripeCalls: () => number;
  let embedded: StripeDouble | undefined;
  let bridge: SyncHttp | undefined;
  if (key) {
    bridge = new SyncHttp();
    const b = bridge;
    account.setSecret(DEMO_SECRET_ID, key, [new URL(base).hostname, 'api.stripe.com']);
    account.routeHttps('api.stripe.com', (req) => b.request({ ...req, url: req.url.replace(/^https:\/\/api\.stripe\.com/, base) }));
    stripeCalls = () => b.requests;
    checkKey(b, base, key);
  } else {
    const double = new StripeDouble({ apiKeys: [SANDBOX_KEY] });
    double.clock = () => account.clock.now();
    embedded = double;
    account.setSecret(DEMO_SECRET_ID, SANDBOX_KEY, ['api.stripe.com']);
    account.routeHttps('api.stripe.com', (req) => {
      try { return double.handle(req); } catch (e) { if (e instanceof StripeNetworkFailure) throw new NetworkFailure(e.kind); throw e; }
    });
    stripeCalls = () => double.calls.length;
  }

  // the account: from --data, or seeded
  let configId: number;
  if (savedAccount) {
    account.restore(savedAccount);
    configId = account.all('customrecord_pp_config')[0].id;
    if (embedded && savedStripe) embedded.restore(savedStripe);
    addDemoSearches(account);
    out(`Account loaded from ${opts.data}: ${account.all('customer').length} customers.`);
    if (opts.customersGiven) out(`--customers ${opts.customers} is not used: ${opts.data} already holds an account (delete the folder to seed a fresh one).`);
  } else {
    ({ configId } = seedDemo(account, opts.customers));
    out(`Demo account seeded: 2 subsidiaries, 1 PayPack Config, ${opts.customers} customers.`);
  }
  out(key ? `Stripe: test mode at ${base} (STRIPE_SECRET_KEY).` : 'Stripe: the embedded Stripe double (set STRIPE_SECRET_KEY=sk_test_... for Stripe test mode).');

  const persist = () => {
    if (!opts.data) return;
    save(opts.data, 'account', account.snapshot() as object, pair);
    if (embedded) save(opts.data, 'stripe', embedded.snapshot() as object, pair);
  };

  // the webhook's signing secret: say which one the local webhook expects
  const config = () => account.get('customrecord_pp_config', configId).fields;
  if (opts.webhookSecret) {
    config().custrecord_pp_cfg_webhook_secret = opts.webhookSecret;
    out('Webhook signing secret: the one given with --webhook-secret (Enable Webhook is not run: the endpoint is yours).');
  } else if (embedded) {
    if (!config().custrecord_pp_cfg_webhook_id) {
      // what an admin does: check Enable Webhook and save (the compiled config user event runs)
      runSubmit(bundle.get('customscript_pp_ue_config')!, { scriptId: 'customscript_pp_ue_config' }, { type: 'edit', recordType: 'customrecord_pp_config', id: configId, values: { custrecord_pp_cfg_webhook_enabled: true } });
      out(`Enable Webhook: ${String(config().custrecord_pp_cfg_webhook_status || '').split('. Stripe:')[0]}.`);
    }
    out(`Webhook signing secret (made by Enable Webhook in the embedded Stripe double): ${String(config().custrecord_pp_cfg_webhook_secret)}`);
  } else {
    out(`Webhook signing secret: none. Enable Webhook is not run against Stripe test mode (Stripe cannot reach localhost), so the local webhook refuses every delivery: run stripe listen --forward-to http://localhost:${opts.port}/webhook and restart with --webhook-secret <the whsec_ it prints>.`);
  }

  // the mass sync, as its scheduled deployment would run it
  const startedCalls = stripeCalls();
  const started = Date.now();
  let failed = 0;
  const tty = process.stdout.isTTY;
  let lastQuarter = -1;
  // a stop before the first save keeps the folder as it was: said now, since nothing can be said while the sync runs
  if (opts.data) out(`Keeping state in ${opts.data}: saved after the sync and after each request served; Ctrl-C before then leaves the folder as it was.`);
  out('Mass sync (customscript_pp_mr_custsync):');
  const run = runMapReduce(bundle.get('customscript_pp_mr_custsync')!, { scriptId: 'customscript_pp_mr_custsync' }, {
    onStage(stage) {
      // every phase says it started, so a long one never looks like a hang
      if (stage === 'getInputData') out('  reading the customers to sync (getInputData)…');
      else if (stage === 'map') out(`  syncing each customer (map)…`);
      else if (stage === 'summarize') { if (tty) process.stdout.write('\n'); out('  counting and logging the outcome (summarize)…'); }
    },
    onMap(done, total, written) {
      if (!written || written.some((w) => w.key === 'failed')) failed++;
      if (tty) process.stdout.write(`\r${progressBar(done, total, failed, started)}`);
      else if (Math.floor((done / total) * 4) > lastQuarter) { lastQuarter = Math.floor((done / total) * 4); out(progressBar(done, total, failed, started)); }
    },
  });
  const counts: Record<string, number> = { created: 0, updated: 0, linked: 0, unchanged: 0, failed: 0 };
  for (const o of run.output) counts[o.key] = (counts[o.key] || 0) + 1;
  counts.failed += run.mapErrors.length;
  const units = run.usage.getInputData + run.usage.map.reduce((s, x) => s + x, 0) + run.usage.summarize;
  const calls = stripeCalls() - startedCalls;
  out(`Summary: created ${counts.created}, updated ${counts.updated}, linked ${counts.linked}, unchanged ${counts.unchanged}, failed ${counts.failed}.`);
  out(`Cost: ${units} governance units (getInputData ${run.usage.getInputData}, map ${run.usage.map.reduce((s, x) => s + x, 0)}, summarize ${run.usage.summarize}), ${calls} Stripe calls, ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  const failures = account.all('customrecord_pp_sync_log').filter((r) => r.fields.custrecord_pp_sl_outcome === 'failed').slice(-counts.failed);
  for (const row of failures.slice(0, MAX_FAILURES_SHOWN)) out(`  failed: ${String(row.fields.custrecord_pp_sl_message)}`);
  if (failures.length > MAX_FAILURES_SHOWN) {
    out(`  … and ${failures.length - MAX_FAILURES_SHOWN} more: every one is a PayPack Sync Log row (customrecord_pp_sync_log${opts.data ? `, kept in ${path.join(opts.data, 'account.json')}` : ''}).`);
  }

  // the local webhook Suitelet, as Stripe's deliveries reach it
  const webhook = bundle.get('customscript_pp_sl_webhook')!;
  const deliver = (body: string, headers: Record<string, string>, parameters: Record<string, string>) => {
    const logsBefore = account.logs.length;
    const r = runSuitelet(webhook, { scriptId: 'customscript_pp_sl_webhook' }, { method: 'POST', headers, body, parameters: { config: String(configId), ...parameters } });
    let line: string;
    if (r.status === 200) {
      const answer = JSON.parse(r.body) as { id: string; status: string };
      const row = account.all('customrecord_pp_event').find((e) => e.fields.custrecord_pp_evt_id === answer.id);
      line = `${answer.id} ${String(row?.fields.custrecord_pp_evt_type ?? '')} ${answer.status}${row?.fields.custrecord_pp_evt_error ? `: ${String(row.fields.custrecord_pp_evt_error)}` : ''}`;
    } else {
      const reason = account.logs.slice(logsBefore).find((l) => l.title === 'PayPack webhook request refused');
      // the reason may carry brackets of its own: never wrapped in more
      line = `refused: ${reason ? reason.details : 'error'}`;
    }
    out(`${new Date().toISOString()} ${line}`);
    return r;
  };

  const demoIdRange = (): string => {
    const ids = account.all('customer').map((c) => c.id);
    return `${ids[0]} to ${ids[ids.length - 1]}, e.g. /card?customer=${ids[0]}&brand=amex`;
  };
  const noDemoCustomer = (customerId: string): string => `No demo customer ${customerId}: the demo customers' internal ids are ${demoIdRange()}.`;

  /** A demo customer gets a new default card in Stripe; the embedded double's signed events go to the local webhook. */
  const changeCard = (customerId: string, brand: string): string => {
    if (!customerId) return `/card needs ?customer=<a demo customer's internal id>: ${demoIdRange()}.`;
    const customer = account.find('customer', customerId);
    if (!/^\d+$/.test(customerId) || !customer) return noDemoCustomer(customerId);
    const stripeId = String(customer.fields.custentity_pp_stripe_customer_id || '');
    if (!stripeId) return `Customer ${customerId} is not linked to a Stripe customer (its sync failed): pick another.`;
    const stripe = (method: string, p: string, body: string) => {
      const req = { method, url: key ? `${base}${p}` : p, headers: { Authorization: `Bearer ${key || SANDBOX_KEY}`, 'Content-Type': 'application/x-www-form-urlencoded' }, body };
      const res = key ? bridge!.request(req) : embedded!.handle(req);
      if (res.status !== 200) throw new UsageError(`Stripe refused the card change (${res.status}): ${res.body}`);
      return JSON.parse(res.body) as { id: string };
    };
    const since = embedded?.store().events.length ?? 0;
    const pm = stripe('POST', `/v1/payment_methods/pm_card_${brand}/attach`, `customer=${encodeURIComponent(stripeId)}`);
    stripe('POST', `/v1/customers/${encodeURIComponent(stripeId)}`, `invoice_settings[default_payment_method]=${encodeURIComponent(pm.id)}`);
    if (!embedded) return `Stripe test mode: ${stripeId} has a new default card ${pm.id}; Stripe sends customer.updated to your stripe listen forwarder, and the local webhook applies it when it arrives.`;
    for (const d of embedded.deliveries(since)) {
      deliver(d.body, { 'stripe-signature': d.signature, 'content-type': 'application/json' }, Object.fromEntries(new URL(d.url).searchParams));
    }
    persist();
    const now = account.get('customer', customerId).fields;
    return `Customer ${customerId} (${String(now.companyname || now.entityid)}): default payment method is now ${String(now.custentity_pp_default_pm || '(none)')}.`;
  };

  /**
   * Payments in the embedded double: a few charges of demo customers, a refund and a payout, each
   * event signed and delivered to the local webhook; then the payments job lists what the payout carries.
   */
  const demoPayments = (): void => {
    // customers of the first subsidiary, whose bank the payout reaches (NetSuite deposits a payment only into a bank of its own subsidiary)
    const home = String(account.all('subsidiary')[0]?.id ?? '');
    const linked = account.all('customer').filter((c) => c.fields.custentity_pp_stripe_customer_id && String(c.fields.subsidiary) === home).slice(0, 3);
    if (!embedded || !linked.length) return;
    // the books: NetSuite's accounts and a Stripe payment method; the admin turns posting on; one customer has an invoice to pay
    const ledger = setupBooks(account);
    for (const c of linked) account.write('customer', { currency: String(ledger.currencies.USD) }, { id: c.id });
    runSubmit(bundle.get('customscript_pp_ue_config')!, { scriptId: 'customscript_pp_ue_config' }, {
      type: 'edit', recordType: 'customrecord_pp_config', id: configId,
      values: {
        custrecord_pp_cfg_post: true, custrecord_pp_cfg_post_from: new Date(account.clock.now() - 86400000), custrecord_pp_cfg_payment_method: 'Stripe',
        custrecord_pp_cfg_bank_account: String(ledger.bank), custrecord_pp_cfg_fee_account: String(ledger.fees), custrecord_pp_cfg_clearing_account: String(ledger.clearing),
        custrecord_pp_cfg_refund_item: String(ledger.refundItem),
        custrecord_pp_cfg_pay_success_url: 'https://example.com/paid', custrecord_pp_cfg_pay_cancel_url: 'https://example.com/invoices',
      },
    });
    const invoice = account.books.addInvoice({ entity: linked[0].id, currency: String(ledger.currencies.USD), lines: [{ item: ledger.item, amount: 42.5 }] });
    out('Payments (charges, a refund and a payout from the Stripe double, through the webhook Suitelet):');
    const since = embedded.store().events.length;
    const charges = linked.map((c, i) => embedded!.seedCharge(String(c.fields.custentity_pp_stripe_customer_id), { amount: [4250, 1999, 12000][i], currency: 'usd', ...(i === 0 ? { metadata: { netsuite_invoice_id: String(invoice) } } : {}) }));
    embedded.refundCharge(String(charges[0].id), 1000);
    const payout = embedded.payOut('usd');
    for (const d of embedded.deliveries(since)) deliver(d.body, { 'stripe-signature': d.signature, 'content-type': 'application/json' }, Object.fromEntries(new URL(d.url).searchParams));
    const job = runMapReduce(bundle.get('customscript_pp_mr_payments')!, { scriptId: 'customscript_pp_mr_payments' });
    const row = account.all('customrecord_pp_payout').find((r) => r.fields.custrecord_pp_po_id === payout?.id);
    if (!row) { out(`  the payout was not recorded: ${job.inputError || 'see the event log'}`); return; }
    const f = row.fields;
    const carried = account.all('customrecord_pp_payment').filter((p) => p.fields.custrecord_pp_pay_payout === String(row.id)).length;
    out(`PayPack Payments Import: payout ${String(f.custrecord_pp_po_id)} ${String(f.custrecord_pp_po_amount)} ${String(f.custrecord_pp_po_currency).toUpperCase()} ${String(f.custrecord_pp_po_status)}: `
      + `${String(f.custrecord_pp_po_count)} charges ${String(f.custrecord_pp_po_gross)}, ${String(f.custrecord_pp_po_refund_count)} refund ${String(f.custrecord_pp_po_refunds)}, `
      + `Stripe fees ${String(f.custrecord_pp_po_fees)}; ${carried} payment rows point to it.`);
    const paid = account.all('customerpayment').find((p) => p.fields.externalid === `stripe_${String(charges[0].id)}`);
    const refunds = account.all('customerrefund').length;
    out(`Books: invoice ${String(account.get('invoice', invoice).fields.tranid)} (42.5 USD) paid by customer payment ${paid ? paid.id : '(not posted)'} for Stripe charge ${String(charges[0].id)}; `
      + `its 10 USD refund posted as a credit memo and ${refunds} customer refund; amount due ${account.books.invoiceDue(invoice)}, `
      + `the customer's A/R ${account.books.customerBalance(linked[0].id)}, Undeposited Funds ${account.books.balance(ledger.undepositedFunds)} USD.`);
    // the next run posts the payout, now listed, as the bank deposit that matches the bank statement line
    runMapReduce(bundle.get('customscript_pp_mr_payments')!, { scriptId: 'customscript_pp_mr_payments' });
    const dep = account.all('deposit').find((d) => d.fields.externalid === `stripe_${String(payout?.id)}`);
    if (dep) {
      const fees = (dep.sublists.cashback || []).filter((l) => String(l.account) === String(ledger.fees)).reduce((sum, l) => sum + Number(l.amount), 0);
      out(`Books: payout ${String(payout?.id)} posted as bank deposit ${dep.id} of ${String(dep.fields.total)} USD into Operating Bank: ${(dep.sublists.payment || []).length} payments and refunds off Undeposited Funds, `
        + `Stripe fees ${fees} on one cash-back line; Undeposited Funds ${account.books.balance(ledger.undepositedFunds)} USD, Operating Bank ${account.books.balance(ledger.bank)} USD.`);
      // the accountant's tie-out of that deposit, as the PayPack Reconciliation Suitelet computes it
      const breakdown = runSuitelet(bundle.get(RECONCILE)!, { scriptId: RECONCILE }, { method: 'GET', parameters: { payout: String(row.id), format: 'text' } });
      out(`Reconciliation (PayPack Reconciliation, ${RECONCILE}):`);
      out(breakdown.status === 200 ? breakdown.body.replace(/^/gm, '  ') : `  not shown: ${String((breakdown.error as Error | undefined)?.message ?? breakdown.status)}`);
      const searches = [...account.savedSearches.keys()].filter((id) => id.startsWith('customsearch_pp_') && !id.startsWith('customsearch_pp_demo'));
      out(`Saved searches made by PayPack Payments Import (Reports > Saved Searches): ${searches.join(', ')}.`);
    } else {
      out(`Books: payout ${String(payout?.id)} not posted: ${String(account.all('customrecord_pp_payout').find((r) => r.fields.custrecord_pp_po_id === payout?.id)?.fields.custrecord_pp_po_posting ?? '')}`);
    }
    // an invoice saved by an accountant gets its Pay by card link (the compiled invoice user event)
    const saved = runSubmit(bundle.get('customscript_pp_ue_invoice')!, { scriptId: 'customscript_pp_ue_invoice' }, {
      type: 'create', recordType: 'invoice',
      values: { entity: String(linked[1].id), currency: String(ledger.currencies.USD), subsidiary: String(linked[1].fields.subsidiary), tranid: 'INV2001' },
      sublists: { item: [{ item: String(ledger.item), amount: 75 }] },
    });
    payInvoiceId = saved.id;
    if (opts.once) out(payByCard(String(account.get('invoice', saved.id).fields.custbody_pp_pay_url)));
    demoCharges(linked[linked.length - 1], ledger);
  };

  /**
   * Charge Card and Autopay in the embedded double: a customer saves a card (the default payment method
   * refresh shows it in NetSuite), an accountant clicks Charge Card on one invoice, PayPack Autopay charges
   * another on its due date; Stripe's events reach the webhook and the payments job applies both.
   */
  const demoCharges = (customer: { id: number; fields: Record<string, unknown> }, ledger: ReturnType<typeof setupBooks>): void => {
    if (!embedded) return;
    const stripeId = String(customer.fields.custentity_pp_stripe_customer_id);
    embedded.seedPaymentMethod(stripeId, { card: { brand: 'visa', last4: '4242', exp_month: 12, exp_year: new Date(account.clock.now()).getUTCFullYear() + 3 } }, { makeDefault: true });
    runMapReduce(bundle.get('customscript_pp_mr_defpm')!, { scriptId: 'customscript_pp_mr_defpm' });
    account.write('customer', { custentity_pp_autopay: true }, { id: customer.id });
    runSubmit(bundle.get('customscript_pp_ue_config')!, { scriptId: 'customscript_pp_ue_config' }, { type: 'edit', recordType: 'customrecord_pp_config', id: configId, values: { custrecord_pp_cfg_autopay_days: '0,3,7' } });
    const invoice = (tranid: string, amount: number, due: number) => runSubmit(bundle.get('customscript_pp_ue_invoice')!, { scriptId: 'customscript_pp_ue_invoice' }, {
      type: 'create', recordType: 'invoice',
      values: { entity: String(customer.id), currency: String(ledger.currencies.USD), subsidiary: String(customer.fields.subsidiary), tranid, duedate: new Date(account.clock.now() + due * 86400000) },
      sublists: { item: [{ item: String(ledger.item), amount }] },
    }).id;
    const clicked = invoice('INV2002', 30, 30);
    const autopaid = invoice('INV2003', 55, 0);
    const since = embedded.store().events.length;
    const click = runSuitelet(bundle.get('customscript_pp_sl_charge')!, { scriptId: 'customscript_pp_sl_charge' }, { method: 'POST', parameters: { invoiceId: String(clicked) } });
    out(`Charge Card: invoice INV2002 (30 USD): ${(JSON.parse(click.body) as { message: string }).message}`);
    const run = runMapReduce(bundle.get('customscript_pp_mr_autopay')!, { scriptId: 'customscript_pp_mr_autopay' });
    out(`PayPack Autopay: ${run.input.length} invoice due; INV2003 (55 USD): ${String(account.get('invoice', autopaid).fields.custbody_pp_autopay_status)}`);
    for (const d of embedded.deliveries(since)) deliver(d.body, { 'stripe-signature': d.signature, 'content-type': 'application/json' }, Object.fromEntries(new URL(d.url).searchParams));
    runMapReduce(bundle.get('customscript_pp_mr_payments')!, { scriptId: 'customscript_pp_mr_payments' });
    out(`Books: after the payments job, amount due on INV2002 ${account.books.invoiceDue(clicked)} and on INV2003 ${account.books.invoiceDue(autopaid)}.`);
  };

  /**
   * A click on an invoice's Pay by card link. With the embedded Stripe double the customer "pays" at
   * once (the double completes the Checkout session and its events reach the local webhook), then the
   * payments job posts the payment to the invoice; with Stripe test mode the answer is Checkout's URL.
   */
  let payInvoiceId: number | undefined;
  const payByCard = (link: string): string => {
    const token = new URL(link).searchParams.get('token') || '';
    const r = runSuitelet(bundle.get('customscript_pp_sl_pay')!, { scriptId: 'customscript_pp_sl_pay' }, { method: 'GET', parameters: { token }, url: link });
    if (r.status !== 302) return `Pay by card: no payment page — ${account.logs.filter((l) => l.title === 'PayPack payment page not opened').pop()?.details ?? 'error'}`;
    const location = String(r.headers.Location);
    if (!embedded) return `Pay by card: Stripe Checkout at ${location}`;
    const session = [...embedded.store().checkoutSessions.values()].pop()!;
    const since = embedded.store().events.length;
    embedded.completeCheckout(String(session.id));
    for (const d of embedded.deliveries(since)) deliver(d.body, { 'stripe-signature': d.signature, 'content-type': 'application/json' }, Object.fromEntries(new URL(d.url).searchParams));
    runMapReduce(bundle.get('customscript_pp_mr_payments')!, { scriptId: 'customscript_pp_mr_payments' });
    const invoiceId = new URL(link).searchParams.get('token')!.split('.')[0];
    const inv = account.get('invoice', invoiceId).fields;
    return `Pay by card: invoice ${String(inv.tranid)} paid through Stripe Checkout (${Number(session.amount_total) / 100} ${String(session.currency).toUpperCase()}); amount due now ${account.books.invoiceDue(invoiceId)}.`;
  };

  if (opts.card) out(changeCard(opts.card.customerId, opts.card.brand));
  if (!savedAccount) demoPayments();
  else if (key) out('Payments: run stripe trigger payment_intent.succeeded --override payment_intent:customer=<a demo customer\'s cus_ id> with stripe listen forwarding here to see a charge recorded (a plain stripe trigger charge.succeeded has no customer, so PayPack records it as ignored).');
  persist();
  if (opts.once || !server) { await bridge?.close(); return 0; }

  // the webhook and customer portal Suitelets on localhost
  const portal = bundle.get('customscript_pp_sl_portal')!;
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url || '/', 'http://localhost');
      if (url.pathname === '/portal') {
        const r = runSuitelet(portal, { scriptId: 'customscript_pp_sl_portal' }, { method: req.method || 'GET', parameters: Object.fromEntries(url.searchParams), url: url.href });
        res.writeHead(r.status, r.headers);
        res.end(r.body);
        const problem = account.logs.filter((l) => l.title === 'PayPack portal link not opened').pop();
        out(`${new Date().toISOString()} portal link: ${r.status === 302 ? `redirected to ${r.headers.Location}` : `not opened — ${problem?.details ?? 'error'}`}`);
        persist();
        return;
      }
      if (url.pathname === '/pay') {
        const answer = payByCard(`http://localhost${url.pathname}${url.search}`);
        out(`${new Date().toISOString()} ${answer}`);
        res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end(`${answer}\n`);
        persist();
        return;
      }
      // the reconciliation page, and the links it makes to itself (NetSuite's Suitelet path)
      const reconcileInternalId = String(account.scripts.get(RECONCILE)?.internalId ?? '');
      if (url.pathname === '/reconcile' || (url.pathname === '/app/site/hosting/scriptlet.nl' && url.searchParams.get('script') === reconcileInternalId)) {
        const r = runSuitelet(bundle.get(RECONCILE)!, { scriptId: RECONCILE }, { method: req.method || 'GET', parameters: Object.fromEntries(url.searchParams), url: url.href });
        res.writeHead(r.status, r.headers);
        res.end(r.body);
        return;
      }
      // the record links the reconciliation page makes (deposits, transactions, payout rows): NetSuite's pages are not served here,
      // so the sandbox answers with what the record holds
      if (url.pathname.startsWith('/app/common/')) {
        const type = url.searchParams.get('rectype') || url.pathname.replace(/^.*\//, '').replace(/\.nl$/, '');
        const rec = account.find(type, url.searchParams.get('id') || '');
        res.writeHead(rec ? 200 : 404, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end(rec ? `The sandbox serves no NetSuite record pages; in NetSuite this link opens ${type} ${rec.id}. What it holds:\n${JSON.stringify({ fields: rec.fields, sublists: rec.sublists }, null, 2)}\n` : `No ${type} ${url.searchParams.get('id') || ''} in the sandbox's account.\n`);
        return;
      }
      if (url.pathname === '/card') {
        const brand = url.searchParams.get('brand') || 'visa';
        const answer = CARD_BRANDS.includes(brand) ? changeCard(url.searchParams.get('customer') || '', brand) : `brand takes ${CARD_BRANDS.join(', ')}`;
        out(answer);
        res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end(`${answer}\n`);
        return;
      }
      if (req.method !== 'POST') { res.end('PayPack sandbox: POST Stripe events here.\n'); return; }
      const r = deliver(Buffer.concat(chunks).toString('utf8'), req.headers as Record<string, string>, Object.fromEntries(url.searchParams));
      res.writeHead(r.status, r.headers);
      res.end(r.body);
      persist();
    });
  });
  const port = (server.address() as { port: number }).port;
  out(`Webhook Suitelet listening on http://localhost:${port}/webhook?config=${configId}`);
  out(`  stripe listen --forward-to http://localhost:${port}/webhook   then restart with --webhook-secret <the whsec_ it prints>`);
  const demo = account.all('customer').find((c) => c.fields.custentity_pp_portal_url);
  if (demo) {
    // the link as stored on the customer (an extforms.netsuite.com URL), pointed at this machine
    const stored = new URL(String(demo.fields.custentity_pp_portal_url));
    out(`Customer portal Suitelet on http://localhost:${port}/portal — ${String(demo.fields.companyname || demo.fields.entityid)}'s link (open it in a browser):`);
    out(`  http://localhost:${port}/portal?token=${encodeURIComponent(stored.searchParams.get('token') || '')}`);
    out(`A new default card for that customer, with its Stripe events delivered here: http://localhost:${port}/card?customer=${demo.id}`);
  }
  if (payInvoiceId !== undefined) {
    const stored = new URL(String(account.get('invoice', payInvoiceId).fields.custbody_pp_pay_url));
    out(`Pay by card Suitelet on http://localhost:${port}/pay — invoice INV2001's link (open it: the embedded Stripe double pays it, the books apply it):`);
    out(`  http://localhost:${port}/pay?token=${encodeURIComponent(stored.searchParams.get('token') || '')}`);
  }
  out(`PayPack Reconciliation Suitelet on http://localhost:${port}/reconcile — payouts and their deposits; open one to tie it out to the bank line.`);
  out('Ctrl-C to stop.');
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  server.close();
  persist();
  await bridge?.close();
  out(opts.data ? `Stopped. ${opts.data} keeps the account${embedded ? ' and the embedded Stripe' : ''} as they are now.` : 'Stopped.');
  return 0;
}

/** Bind the local port first, so a taken port is one line before any work. */
function listen(port: number): Promise<http.Server> {
  const server = http.createServer();
  return new Promise((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => reject(e.code === 'EADDRINUSE' ? new UsageError(`Port ${port} is taken: pass --port <a free port>.`) : e));
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

/** One request before anything else, so a wrong key or base URL is one clear line, not 300 failed customers. */
function checkKey(bridge: SyncHttp, base: string, key: string): void {
  let status: number;
  try {
    status = bridge.request({ method: 'GET', url: `${base}/v1/customers?limit=1`, headers: { Authorization: `Bearer ${key}` }, body: '' }).status;
  } catch {
    throw new UsageError(`Stripe could not be reached at ${base}: check the network${process.env.STRIPE_API_BASE ? ' and STRIPE_API_BASE' : ''}.`);
  }
  bridge.requests--; // a check, not part of the sync's cost
  if (status === 401) throw new UsageError('Stripe refused STRIPE_SECRET_KEY (401): use a valid test secret key (Dashboard → Developers → API keys).');
  if (status === 403) throw new UsageError('STRIPE_SECRET_KEY may not read customers (403): give the restricted key write access to Customers, Customer portal and Webhook endpoints.');
}

main().then((code) => process.exit(code), (e: unknown) => {
  process.stderr.write(`${e instanceof UsageError ? e.message : `PayPack sandbox failed: ${(e as Error)?.message || e}`}\n`);
  process.exit(1);
});
