/**
 * Issue 41, item 3: a Pay by card link, clicked many times, in two tabs, or after the amount changed,
 * never leaves two payable Checkout sessions for one invoice; a leaked link cannot spend the Stripe
 * rate limit the sync and the webhook share, nor fill the sync log. The same bound for portal links.
 */
import { runSubmit, runSuitelet } from '../../emulator/netsuite';
import { advance } from '../../emulator/world';
import { compiled } from '../compiled';
import { CONFIG, CUSTOMER, RECORD, SCRIPT, TRANSACTION } from '../../src/core/ids';
import { LINK_ALLOWANCE_PER_HOUR } from '../../src/core/link-budget';
import { bookCustomer, booksWorld, BooksWorld, turnPostingOn } from '../books/setup';
import { clickSync } from '../sync/setup';
import { openLink } from '../portal/setup';

let w: BooksWorld;
beforeEach(() => {
  w = booksWorld();
  turnPostingOn(w, w.account.now(), { [CONFIG.paySuccessUrl]: 'https://example.com/paid', [CONFIG.payCancelUrl]: 'https://example.com/invoices' });
});

function saveInvoice(customerId: number, amount: number) {
  const run = runSubmit(compiled('pp_ue_invoice'), { scriptId: SCRIPT.ueInvoice.scriptId }, {
    type: 'create', recordType: 'invoice', values: { entity: String(customerId), currency: String(w.books.currencies.USD), subsidiary: String(w.parent), tranid: `INV${customerId}` },
    sublists: { item: [{ item: String(w.books.item), amount }] },
  });
  return { id: run.id, link: String(w.account.get('invoice', run.id).fields[TRANSACTION.payUrl]) };
}
function click(link: string) {
  const calls = w.stripe.calls.length;
  const res = runSuitelet(compiled('pp_sl_pay'), { scriptId: SCRIPT.slPay.scriptId }, { method: 'GET', parameters: { token: new URL(link).searchParams.get('token') || '' }, url: link });
  return { ...res, stripeCalls: w.stripe.calls.length - calls };
}
const sessions = () => [...w.stripe.store().checkoutSessions.values()];
const openSessions = () => sessions().filter((s) => s.status === 'open' && Number(s.expires_at) > Math.floor(w.account.now().getTime() / 1000));
const syncLogRows = () => w.account.all(RECORD.syncLog);

test('25 clicks on one link: one open session, reached by every click; past the hour\'s allowance no Stripe call, and a bounded sync log', () => {
  const ann = bookCustomer(w, 'Ann Co');
  const inv = saveInvoice(ann.customerId, 120);
  const results = Array.from({ length: 25 }, () => click(inv.link));
  expect(sessions()).toHaveLength(1);
  const url = String(sessions()[0].url);
  const calls = results.reduce((n, r) => n + r.stripeCalls, 0);
  expect(calls).toBe(LINK_ALLOWANCE_PER_HOUR.stripe);
  // the first click lists and creates (2 calls), the next ones list and reuse (1 call) until the allowance is spent
  expect(results.slice(0, 19).every((r) => r.status === 302 && r.headers.Location === url)).toBe(true);
  expect(results.slice(19).map((r) => [r.status, r.stripeCalls])).toEqual(Array.from({ length: 6 }, () => [200, 0]));
  expect(results[24].body).toContain('Please try again in a few minutes');
  expect(syncLogRows()).toHaveLength(LINK_ALLOWANCE_PER_HOUR.log);
  expect(String(syncLogRows()[0].fields.custrecord_pp_sl_message)).toContain(`clicked more often than ${LINK_ALLOWANCE_PER_HOUR.stripe} Stripe calls an hour allow`);
  // an hour later the link works again, on the same session
  advance(w, 3600);
  expect(click(inv.link)).toMatchObject({ status: 302, stripeCalls: 1, headers: { Location: url } });
});

test('the amount changed since the last click: the old session is expired before the new one is made, so only one can be paid', () => {
  const ann = bookCustomer(w, 'Ann Co');
  const inv = saveInvoice(ann.customerId, 120);
  click(inv.link);
  const first = sessions()[0];
  w.account.write('invoice', { amountremaining: 80 }, { id: inv.id });
  const res = click(inv.link);
  expect(res).toMatchObject({ status: 302, stripeCalls: 3 });
  expect(openSessions().map((s) => s.amount_total)).toEqual([8000]);
  expect(() => w.stripe.completeCheckout(String(first.id))).toThrow(/expired/);
});

test('paid in Stripe, not yet applied in NetSuite: a click opens no second payment page', () => {
  const ann = bookCustomer(w, 'Ann Co');
  const inv = saveInvoice(ann.customerId, 120);
  click(inv.link);
  w.stripe.completeCheckout(String(sessions()[0].id));
  const res = click(inv.link);
  expect(res.status).toBe(200);
  expect(res.body).toContain('This invoice has nothing left to pay.');
  expect(sessions()).toHaveLength(1);
  expect(String(syncLogRows().pop()!.fields.custrecord_pp_sl_message)).toContain('clicked after it was paid in Stripe');
});

test('two tabs at once: both reach the same session', () => {
  const ann = bookCustomer(w, 'Ann Co');
  const inv = saveInvoice(ann.customerId, 120);
  let second: ReturnType<typeof click> | undefined;
  // the second tab's click runs while the first one's list of sessions is on its way back
  w.stripe.onAnswer = (call) => {
    if (call.method === 'GET' && !second) {
      w.stripe.onAnswer = undefined;
      second = click(inv.link);
    }
  };
  const first = click(inv.link);
  expect(sessions()).toHaveLength(1);
  expect([first.headers.Location, second!.headers.Location]).toEqual([sessions()[0].url, sessions()[0].url]);
});

test('a portal link: at most the hour\'s allowance of portal sessions, then the try-later page without a Stripe call', () => {
  const id = w.account.addCustomer({ companyname: 'Portal Co', email: 'billing@portal.test', subsidiary: String(w.parent) });
  clickSync(w, id);
  const link = String(w.account.get('customer', id).fields[CUSTOMER.portalUrl]);
  const before = syncLogRows().length;
  const results = Array.from({ length: LINK_ALLOWANCE_PER_HOUR.stripe + 10 }, () => openLink(w, link));
  expect(results.reduce((n, r) => n + r.stripeCalls, 0)).toBe(LINK_ALLOWANCE_PER_HOUR.stripe);
  expect(results.slice(LINK_ALLOWANCE_PER_HOUR.stripe).every((r) => r.status === 200 && r.body.includes('Please try again in a few minutes'))).toBe(true);
  expect(syncLogRows().length - before).toBe(LINK_ALLOWANCE_PER_HOUR.log);
});

describe('links carry their issue day; a config may set a Maximum Link Age', () => {
  test('Pay by card: a link older than the maximum age is refused and the accountant reads how to re-issue it; a re-issued link works', () => {
    const ann = bookCustomer(w, 'Ann Co');
    const inv = saveInvoice(ann.customerId, 120);
    const day = w.account.now().toISOString().slice(0, 10).replace(/-/g, '');
    expect(inv.link).toMatch(new RegExp(`token=${inv.id}\\.${w.parentConfig}\\.${day}\\.[0-9a-f]{32}$`));
    w.account.write(RECORD.config, { [CONFIG.linkMaxAge]: 30 }, { id: w.parentConfig });
    advance(w, 31 * 86400);
    const old = click(inv.link);
    expect([old.status, old.stripeCalls]).toEqual([200, 0]);
    expect(old.body).toContain('This payment link is not available.');
    expect(String(syncLogRows().pop()!.fields.custrecord_pp_sl_message)).toMatch(/was issued on \d{4}-\d{2}-\d{2}, and PayPack Config Parent Stripe takes links for 30 days \(Maximum Link Age\)\. Re-issue it: blank Pay by Card Link on the invoice and save it/);
    // re-issue: blank the link and save the invoice
    w.account.write('invoice', { [TRANSACTION.payUrl]: '' }, { id: inv.id });
    runSubmit(compiled('pp_ue_invoice'), { scriptId: SCRIPT.ueInvoice.scriptId }, { type: 'edit', recordType: 'invoice', id: inv.id, values: {} });
    const fresh = String(w.account.get('invoice', inv.id).fields[TRANSACTION.payUrl]);
    expect(fresh).not.toBe(inv.link);
    expect(click(fresh).status).toBe(302);
    expect(click(inv.link).status).toBe(200);
  });

  test('a link made before links carried their day works without a maximum age, and is refused with one', () => {
    const ann = bookCustomer(w, 'Ann Co');
    const inv = saveInvoice(ann.customerId, 120);
    const undated = inv.link.replace(/\.\d{8}\.([0-9a-f]{32})$/, '.$1');
    w.account.write('invoice', { [TRANSACTION.payUrl]: undated }, { id: inv.id });
    expect(click(undated).status).toBe(302);
    w.account.write(RECORD.config, { [CONFIG.linkMaxAge]: 365 }, { id: w.parentConfig });
    expect(click(undated).status).toBe(200);
    expect(String(syncLogRows().pop()!.fields.custrecord_pp_sl_message)).toContain('was issued before links carried their issue day');
  });

  test('a portal link older than the maximum age is refused without a Stripe call', () => {
    const id = w.account.addCustomer({ companyname: 'Portal Co', email: 'billing@portal.test', subsidiary: String(w.parent) });
    clickSync(w, id);
    const link = String(w.account.get('customer', id).fields[CUSTOMER.portalUrl]);
    w.account.write(RECORD.config, { [CONFIG.linkMaxAge]: 7 }, { id: w.parentConfig });
    expect(openLink(w, link).status).toBe(302);
    advance(w, 8 * 86400);
    const res = openLink(w, link);
    expect([res.status, res.stripeCalls]).toEqual([200, 0]);
    expect(String(syncLogRows().pop()!.fields.custrecord_pp_sl_message)).toContain('Re-issue it: blank Stripe Customer Portal URL on the customer and sync it (PayPack Sync)');
  });
});
