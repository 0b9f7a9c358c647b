/**
 * Each Suitelet that runs as its own role (Execute As Role on its deployment) is given exactly what
 * it uses, no more and no less. The emulator enforces the role (a missing permission fails the click
 * or the delivery as NetSuite would) and notes the highest level each permission was needed at; here
 * the Suitelets' paths run, and what they needed is compared with what Objects/ gives each role.
 * docs/admin.md lists each role's permissions with the reason for each.
 */
import * as path from 'path';
import * as record from 'N/record';
import { loadObjectsSchema, runSubmit, runSuitelet } from '../../emulator/netsuite';
import { fieldAccess, roleId } from '../../emulator/netsuite/permissions';
import { Account } from '../../emulator/netsuite/account';
import { CONFIG, CUSTOMER, RECORD, SCRIPT, TRANSACTION } from '../../src/core/ids';
import { compiled } from '../compiled';
import { bookCustomer, booksWorld, BooksWorld, turnPostingOn } from '../books/setup';
import { clickSync, massSync, syncWorld } from '../sync/setup';
import { openLink } from '../portal/setup';
import { deliver, linkedCustomer, saveConfig, webhookWorld, answerOf } from '../webhook/setup';

const schema = loadObjectsSchema(path.resolve(__dirname, '../../Objects'));

/** What Objects/ gives a role: its permission keys, the custom record permission lists naming it, custom field access. */
function granted(role: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, level] of schema.roles.get(role)!.permissions) out[key] = level;
  for (const [type, def] of schema.recordTypes) {
    const level = def.permissions.get(role);
    if (level) out[type] = Math.max(out[type] ?? 0, level);
    for (const f of def.fields.values()) addField(out, role, f);
  }
  for (const f of [...schema.entityFields.values(), ...schema.bodyFields.values()]) addField(out, role, f);
  return out;
}
function addField(out: Record<string, number>, role: string, f: { id: string; access?: Parameters<typeof fieldAccess>[0] }): void {
  if (!f.access?.roles.has(role)) return;
  const a = fieldAccess(f.access, { role });
  if (a.access) out[`field:${f.id}`] = a.access;
  if (a.search) out[`search:${f.id}`] = a.search;
}
const used = (account: Account, role: string) => Object.fromEntries([...(account.permissionUse.get(role) ?? new Map<string, number>())].filter(([, level]) => level > 0));

/** The deployment of a Suitelet and the role it runs as. */
function runAsRole(scriptId: string): string {
  return roleId(schema.scripts.get(scriptId)!.deployments[0].runAsRole);
}

test('every Suitelet available without login runs as a PayPack role, never the Administrator', () => {
  expect([SCRIPT.slPay.scriptId, SCRIPT.slPortal.scriptId, SCRIPT.slWebhook.scriptId].map(runAsRole)).toEqual(['customrole_pp_pay', 'customrole_pp_portal', 'customrole_pp_webhook']);
});

describe('customrole_pp_pay: what a Pay by card click does', () => {
  let w: BooksWorld;
  const saveInvoice = (customerId: number, subsidiary: number, currency = 'USD') => {
    const run = runSubmit(compiled('pp_ue_invoice'), { scriptId: SCRIPT.ueInvoice.scriptId }, {
      type: 'create', recordType: 'invoice', values: { entity: String(customerId), currency: String(w.books.currencies[currency]), subsidiary: String(subsidiary), tranid: `INV${customerId}` },
      sublists: { item: [{ item: String(w.books.item), amount: 40 }] },
    });
    return String(w.account.get('invoice', run.id).fields[TRANSACTION.payUrl]);
  };
  const click = (link: string) => runSuitelet(compiled('pp_sl_pay'), { scriptId: SCRIPT.slPay.scriptId }, { method: 'GET', parameters: { token: new URL(link).searchParams.get('token') || '' }, url: link });

  test('a linked customer, a customer synced in the click, another subsidiary\'s customer link, a failure logged: exactly the role\'s permissions', () => {
    w = booksWorld();
    turnPostingOn(w, w.account.now(), { [CONFIG.paySuccessUrl]: 'https://example.com/paid', [CONFIG.payCancelUrl]: 'https://example.com/invoices' });
    record.submitFields({ type: RECORD.config, id: w.europeConfig, values: { [CONFIG.paySuccessUrl]: 'https://example.com/eu/paid', [CONFIG.payCancelUrl]: 'https://example.com/eu' } });
    const ann = bookCustomer(w, 'Ann Co');
    expect(click(saveInvoice(ann.customerId, w.parent)).status).toBe(302);
    const fresh = w.account.addCustomer({ companyname: 'New Co', email: 'ap@new.test', subsidiary: String(w.parent), currency: String(w.books.currencies.USD) });
    expect(click(saveInvoice(fresh, w.parent)).status).toBe(302);
    const both = w.account.addCustomer({ companyname: 'Both Co', email: 'ap@both.test', subsidiary: String(w.parent), subsidiaries: [w.europe], currency: String(w.books.currencies.USD), currencies: [w.books.currencies.EUR] });
    massSync(w);
    expect(click(saveInvoice(both, w.europe, 'EUR')).status).toBe(302);
    w.stripe.failNext({ status: 503, method: 'POST', path: '/v1/checkout/sessions' });
    expect(click(saveInvoice(ann.customerId, w.parent)).body).toContain('Please try the link again in a few minutes');
    expect(w.account.all(RECORD.syncLog).length).toBeGreaterThan(0);
    expect(used(w.account, 'customrole_pp_pay')).toEqual(granted('customrole_pp_pay'));
  });
});

test('customrole_pp_portal: a portal link opened, and one whose Stripe call fails (logged): exactly the role\'s permissions', () => {
  const w = syncWorld();
  const id = w.account.addCustomer({ companyname: 'Portal Co', email: 'billing@portal.test', subsidiary: String(w.parent) });
  clickSync(w, id);
  const link = String(w.account.get('customer', id).fields[CUSTOMER.portalUrl]);
  expect(openLink(w, link).status).toBe(302);
  w.stripe.failNext({ status: 503, method: 'POST', path: '/v1/billing_portal/sessions' });
  expect(openLink(w, link).status).toBe(200);
  expect(w.account.all(RECORD.syncLog).length).toBeGreaterThan(0);
  expect(used(w.account, 'customrole_pp_portal')).toEqual(granted('customrole_pp_portal'));
});

test('customrole_pp_webhook: customer, payment method, charge, refund, payout paid and failed events, in a primary and a non-primary subsidiary\'s account: exactly the role\'s permissions', () => {
  const w = webhookWorld();
  const lastEvent = (stripe: typeof w.stripe, type: string) => stripe.store().events.filter((e) => e.type === type).pop()!;
  const { stripeId } = linkedCustomer(w, 'Paying Co', 'ap@paying.test');
  const pm = w.stripe.seedPaymentMethod(stripeId, { type: 'card' });
  w.stripe.handle({ method: 'POST', url: `/v1/customers/${stripeId}`, headers: { Authorization: `Bearer ${w.account.secrets.get('custsecret_pp_stripe_sk')!.value}` }, body: `invoice_settings[default_payment_method]=${pm.id}` });
  expect(answerOf(w, deliver(w, lastEvent(w.stripe, 'customer.updated'))).status).toBe('processed');
  const charge = w.stripe.seedCharge(stripeId, { amount: 4250, currency: 'usd' });
  expect(answerOf(w, deliver(w, lastEvent(w.stripe, 'charge.succeeded'))).status).toBe('processed');
  w.stripe.refundCharge(String(charge.id), 1000);
  expect(answerOf(w, deliver(w, lastEvent(w.stripe, 'charge.refunded'))).status).toBe('processed');
  const payout = w.stripe.payOut('usd')!;
  expect(answerOf(w, deliver(w, lastEvent(w.stripe, 'payout.paid'))).status).toBe('processed');
  w.stripe.failPayout(String(payout.id));
  expect(answerOf(w, deliver(w, lastEvent(w.stripe, 'payout.failed'))).status).toBe('processed');
  // the Europe account: its events update the customer link
  saveConfig(w.europeConfig, { [CONFIG.webhookEnabled]: true });
  const euSecret = String(w.account.get(RECORD.config, w.europeConfig).fields[CONFIG.webhookSecret]);
  const id = w.account.addCustomer({ companyname: 'Two Accounts', email: 'two@acc.test', subsidiary: String(w.parent), subsidiaries: [w.europe] });
  massSync(w);
  const euCustomer = String(w.account.all(RECORD.customerLink).find((l) => l.fields.custrecord_pp_link_customer === String(id))!.fields.custrecord_pp_link_stripe_id);
  const sepa = w.euStripe.seedPaymentMethod(euCustomer, { type: 'sepa_debit', sepa_debit: { last4: '3000' } });
  w.euStripe.handle({ method: 'POST', url: `/v1/customers/${euCustomer}`, headers: { Authorization: `Bearer ${w.account.secrets.get('custsecret_pp_stripe_sk_eu')!.value}` }, body: `invoice_settings[default_payment_method]=${sepa.id}` });
  expect(answerOf(w, deliver(w, lastEvent(w.euStripe, 'customer.updated'), { secret: euSecret, configId: w.europeConfig })).status).toBe('processed');
  expect(used(w.account, 'customrole_pp_webhook')).toEqual(granted('customrole_pp_webhook'));
});
