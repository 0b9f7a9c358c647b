/** The one line a NetSuite user reads for a customer's default payment method, for every shape Stripe sends. */
import type Stripe from 'stripe';
import { defaultPaymentMethod, defaultPaymentMethodId, summarizePaymentMethod } from '../../src/core/payment-method';

type Pm = Parameters<typeof summarizePaymentMethod>[0];
const pm = (p: Partial<Pm> & { type: string }) => ({ card: undefined, us_bank_account: undefined, sepa_debit: undefined, link: undefined, ...p }) as unknown as Pm;
const customer = (invoiceDefault: unknown, source: unknown = null) => ({ invoice_settings: { default_payment_method: invoiceDefault }, default_source: source }) as unknown as Stripe.Customer;

test('payment methods: brand, last four and expiry; bank details when Stripe has them; the type otherwise', () => {
  expect(summarizePaymentMethod(pm({ type: 'card', card: { brand: 'amex', last4: '0005', exp_month: 3, exp_year: 2030 } as Stripe.PaymentMethod.Card }))).toBe('American Express •••• 0005 (exp 03/2030)');
  expect(summarizePaymentMethod(pm({ type: 'card', card: { brand: 'interac', last4: '1234', exp_month: 12, exp_year: 2029 } as Stripe.PaymentMethod.Card }))).toBe('Interac •••• 1234 (exp 12/2029)');
  expect(summarizePaymentMethod(pm({ type: 'card', card: { brand: 'unknown', last4: '9999' } as Stripe.PaymentMethod.Card }))).toBe('Unknown •••• 9999');
  expect(summarizePaymentMethod(pm({ type: 'card', card: { brand: '', last4: '4242', exp_month: 8 } as unknown as Stripe.PaymentMethod.Card }))).toBe('Card •••• 4242');
  expect(summarizePaymentMethod(pm({ type: 'card', card: null as unknown as Stripe.PaymentMethod.Card }))).toBe('Card');
  expect(summarizePaymentMethod(pm({ type: 'us_bank_account', us_bank_account: { last4: '6789', bank_name: 'CHASE' } as Stripe.PaymentMethod.UsBankAccount }))).toBe('US bank account •••• 6789 (CHASE)');
  expect(summarizePaymentMethod(pm({ type: 'us_bank_account', us_bank_account: null as unknown as Stripe.PaymentMethod.UsBankAccount }))).toBe('US bank account');
  expect(summarizePaymentMethod(pm({ type: 'sepa_debit', sepa_debit: { last4: '3000' } as Stripe.PaymentMethod.SepaDebit }))).toBe('SEPA Direct Debit •••• 3000');
  expect(summarizePaymentMethod(pm({ type: 'sepa_debit' }))).toBe('SEPA Direct Debit');
  expect(summarizePaymentMethod(pm({ type: 'link', link: { email: 'a@b.test' } as Stripe.PaymentMethod.Link }))).toBe('Link (a@b.test)');
  expect(summarizePaymentMethod(pm({ type: 'link' }))).toBe('Link');
  expect(summarizePaymentMethod(pm({ type: 'klarna' }))).toBe('klarna');
});

test('legacy sources as default: their brands are written out ("MasterCard", "Diners Club") and bank accounts named', () => {
  const card = (brand: string, extra: object = {}) => defaultPaymentMethod(customer(null, { object: 'card', id: 'card_1', brand, last4: '4444', ...extra }));
  expect(card('MasterCard', { exp_month: 1, exp_year: 2031 })).toEqual({ id: 'card_1', summary: 'Mastercard •••• 4444 (exp 01/2031)' });
  expect(card('American Express')!.summary).toBe('American Express •••• 4444');
  expect(card('Diners Club', { exp_year: 2031 })!.summary).toBe('Diners Club •••• 4444');
  expect(card('JCB', { exp_month: 1 })!.summary).toBe('JCB •••• 4444');
  expect(defaultPaymentMethod(customer(null, { object: 'bank_account', id: 'ba_1', last4: '6789', bank_name: 'STRIPE TEST BANK' }))).toEqual({ id: 'ba_1', summary: 'Bank account •••• 6789 (STRIPE TEST BANK)' });
  expect(defaultPaymentMethod(customer(null, { object: 'bank_account', id: 'ba_2' }))!.summary).toBe('Bank account');
  expect(defaultPaymentMethod(customer(null, { object: 'source', id: 'src_1' }))!.summary).toBe('source');
});

test('the default\'s id, expanded or not; none is the empty text the customer field holds', () => {
  expect(defaultPaymentMethodId(customer('pm_1', 'card_1'))).toBe('pm_1');
  expect(defaultPaymentMethodId(customer({ id: 'pm_2' }))).toBe('pm_2');
  expect(defaultPaymentMethodId(customer(null, 'card_1'))).toBe('card_1');
  expect(defaultPaymentMethodId(customer(null, { id: 'card_2' }))).toBe('card_2');
  expect(defaultPaymentMethodId(customer(null, null))).toBe('');
  expect(defaultPaymentMethod(customer(null, null))).toBeNull();
});

test('every card brand Stripe names is written out', () => {
  const names = { visa: 'Visa', mastercard: 'Mastercard', amex: 'American Express', discover: 'Discover', diners: 'Diners Club', jcb: 'JCB', unionpay: 'UnionPay', cartes_bancaires: 'Cartes Bancaires', eftpos_au: 'eftpos', interac: 'Interac' };
  for (const [code, name] of Object.entries(names)) {
    expect(summarizePaymentMethod(pm({ type: 'card', card: { brand: code, last4: '0001' } as Stripe.PaymentMethod.Card }))).toBe(`${name} •••• 0001`);
  }
});
