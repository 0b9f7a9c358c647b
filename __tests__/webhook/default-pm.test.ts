/** The default payment method: its summary, and the scheduled refresh (one Stripe call, a write only on change). */
import { CUSTOMER, LINK, RECORD } from '../../src/core/ids';
import { defaultPaymentMethod } from '../../src/core/payment-method';
import type Stripe from 'stripe';
import { massSync } from '../sync/setup';
import { refreshDefaults, webhookWorld } from './setup';

describe('summary of the default payment method', () => {
  const customer = (pm: unknown, source: unknown = null) => ({ id: 'cus_1', object: 'customer', email: null, metadata: {}, invoice_settings: { default_payment_method: pm }, default_source: source }) as unknown as Stripe.Customer;
  test.each([
    [{ id: 'pm_1', type: 'card', card: { brand: 'visa', last4: '4242', exp_month: 8, exp_year: 2027 } }, 'Visa •••• 4242 (exp 08/2027)'],
    [{ id: 'pm_2', type: 'card', card: { brand: 'amex', last4: '0005', exp_month: 12, exp_year: 2030 } }, 'American Express •••• 0005 (exp 12/2030)'],
    [{ id: 'pm_3', type: 'us_bank_account', us_bank_account: { bank_name: 'Chase', last4: '6789' } }, 'US bank account •••• 6789 (Chase)'],
    [{ id: 'pm_4', type: 'sepa_debit', sepa_debit: { last4: '3000' } }, 'SEPA Direct Debit •••• 3000'],
    [{ id: 'pm_5', type: 'link', link: { email: 'a@b.test' } }, 'Link (a@b.test)'],
    [{ id: 'pm_6', type: 'acss_debit', acss_debit: {} }, 'acss_debit'],
  ])('%j -> %s', (pm, summary) => {
    expect(defaultPaymentMethod(customer({ customer: 'cus_1', object: 'payment_method', ...pm }))).toEqual({ id: pm.id, summary });
  });
  test('the legacy default_source when there is no default payment method; none when neither', () => {
    expect(defaultPaymentMethod(customer(null, { id: 'card_1', object: 'card', brand: 'Visa', last4: '1881', exp_month: 1, exp_year: 2028 }))).toEqual({ id: 'card_1', summary: 'Visa •••• 1881 (exp 01/2028)' });
    expect(defaultPaymentMethod(customer(null, null))).toBeNull();
  });
});

describe('default payment method map/reduce', () => {
  test('one Stripe call per customer; a write only when something changed; non-primary accounts go to the customer link', () => {
    const w = webhookWorld();
    const a = w.account.addCustomer({ companyname: 'Primary', email: 'a@pm.test', subsidiary: String(w.parent), subsidiaries: [w.europe] });
    const b = w.account.addCustomer({ companyname: 'Legacy', email: 'b@pm.test', subsidiary: String(w.parent) });
    massSync(w);
    const sa = String(w.account.get('customer', a).fields[CUSTOMER.stripeId]);
    const sb = String(w.account.get('customer', b).fields[CUSTOMER.stripeId]);
    w.stripe.seedPaymentMethod(sa, { type: 'us_bank_account', us_bank_account: { bank_name: 'Chase', last4: '6789' } }, { makeDefault: true });
    w.stripe.seedSource(sb, { brand: 'Visa', last4: '1881', exp_month: 1, exp_year: 2028 });
    const euId = String(w.account.all(RECORD.customerLink)[0].fields[LINK.stripeId]);
    w.euStripe.seedPaymentMethod(euId, { type: 'sepa_debit', sepa_debit: { last4: '3000' } }, { makeDefault: true });

    const calls = () => w.stripe.calls.length + w.euStripe.calls.length;
    let before = calls();
    let run = refreshDefaults();
    expect(run.mapErrors).toEqual([]);
    expect(calls() - before).toBe(3);
    expect(run.output.map((o) => o.key).sort()).toEqual(['changed', 'changed', 'changed']);
    expect(Math.max(...run.usage.map)).toBeLessThanOrEqual(15);
    expect(w.account.get('customer', a).fields[CUSTOMER.defaultPm]).toBe('US bank account •••• 6789 (Chase)');
    expect(w.account.get('customer', b).fields[CUSTOMER.defaultPm]).toBe('Visa •••• 1881 (exp 01/2028)');
    expect(w.account.all(RECORD.customerLink)[0].fields[LINK.defaultPm]).toBe('SEPA Direct Debit •••• 3000');
    expect(w.stripe.calls.slice(-2).every((c) => c.method === 'GET' && Object.values(c.params.expand as object).includes('invoice_settings.default_payment_method'))).toBe(true);

    const versions = w.account.all('customer').map((c) => c.version);
    before = calls();
    run = refreshDefaults();
    expect(calls() - before).toBe(3);
    expect(run.output.map((o) => o.key)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(Math.max(...run.usage.map)).toBeLessThanOrEqual(10);
    expect(w.account.all('customer').map((c) => c.version)).toEqual(versions); // no write
  });

  test('a Stripe failure for one customer is logged and the others go on', () => {
    const w = webhookWorld();
    const a = w.account.addCustomer({ companyname: 'One', email: 'one@pm.test', subsidiary: String(w.parent) });
    w.account.addCustomer({ companyname: 'Two', email: 'two@pm.test', subsidiary: String(w.parent) });
    massSync(w);
    w.stripe.failNext({ status: 500, count: 4, method: 'GET' });
    const run = refreshDefaults();
    expect(run.output.map((o) => o.key).sort()).toEqual(['failed', 'unchanged']);
    expect(w.account.all(RECORD.syncLog).map((r) => r.fields).find((f) => f.custrecord_pp_sl_outcome === 'failed')).toMatchObject({
      custrecord_pp_sl_customer: String(a), custrecord_pp_sl_message: expect.stringContaining('Default payment method refresh: Stripe did not answer in time'),
    });
  });

  test('the card renewed under the same payment method, or the same card saved again as a new one: the refresh writes what changed', () => {
    const w = webhookWorld();
    const a = w.account.addCustomer({ companyname: 'Renewing', email: 'renew@pm.test', subsidiary: String(w.parent) });
    massSync(w);
    const sa = String(w.account.get('customer', a).fields[CUSTOMER.stripeId]);
    const card = { brand: 'visa', last4: '4242', exp_month: 8, exp_year: 2027 };
    const first = w.stripe.seedPaymentMethod(sa, { card }, { makeDefault: true });
    refreshDefaults();
    const shown = () => w.account.get('customer', a).fields;
    expect(shown()).toMatchObject({ [CUSTOMER.defaultPmId]: first.id, [CUSTOMER.defaultPm]: 'Visa •••• 4242 (exp 08/2027)' });

    (first.card as { exp_year: number }).exp_year = 2031; // the bank renewed the card; Stripe updated it in place
    expect(refreshDefaults().output.map((o) => o.key)).toEqual(['changed']);
    expect(shown()).toMatchObject({ [CUSTOMER.defaultPmId]: first.id, [CUSTOMER.defaultPm]: 'Visa •••• 4242 (exp 08/2031)' });

    const again = w.stripe.seedPaymentMethod(sa, { card: { ...card, exp_year: 2031 } }, { makeDefault: true });
    expect(refreshDefaults().output.map((o) => o.key)).toEqual(['changed']);
    expect(shown()).toMatchObject({ [CUSTOMER.defaultPmId]: again.id, [CUSTOMER.defaultPm]: 'Visa •••• 4242 (exp 08/2031)' });
  });

  test('a refresh never moves the customer\'s default-change time back, so an older event arriving later cannot undo it', () => {
    const w = webhookWorld();
    const a = w.account.addCustomer({ companyname: 'Ahead', email: 'ahead@pm.test', subsidiary: String(w.parent) });
    massSync(w);
    const sa = String(w.account.get('customer', a).fields[CUSTOMER.stripeId]);
    const now = Math.floor(Date.now() / 1000);
    w.account.get('customer', a).fields[CUSTOMER.defaultPmAt] = now + 600; // written from an event Stripe stamped ahead of NetSuite's clock
    w.stripe.seedPaymentMethod(sa, { card: { brand: 'visa', last4: '4242', exp_month: 8, exp_year: 2027 } }, { makeDefault: true });
    refreshDefaults();
    expect(Number(w.account.get('customer', a).fields[CUSTOMER.defaultPmAt])).toBe(now + 600);
  });
});
