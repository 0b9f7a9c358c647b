/** A webhook world with books: NetSuite's accounts, currencies and a Stripe payment method, and a config that posts. */
import { setupBooks } from '../../emulator/netsuite/books';
import { CONFIG, RECORD } from '../../src/core/ids';
import { linkedCustomer, saveConfig, webhookWorld, WebhookWorld } from '../webhook/setup';
import { massSync } from '../sync/setup';

export type BooksWorld = WebhookWorld & { books: ReturnType<typeof setupBooks> };

export function booksWorld(): BooksWorld {
  const w = webhookWorld();
  return { ...w, books: setupBooks(w.account) };
}

/** A linked customer billed in `currencies` (the first is its primary currency). */
export function bookCustomer(w: BooksWorld, name: string, currencies: string[] = ['USD']) {
  const c = linkedCustomer(w, name);
  const [primary, ...more] = currencies.map((code) => String(w.books.currencies[code]));
  w.account.write('customer', { currency: primary }, { id: c.customerId, sublists: { currency: more.map((currency) => ({ currency })) } });
  return c;
}

/** The admin turns posting on (the config user event checks it), from `from` on, refunds crediting the books' refund item. */
export function turnPostingOn(w: BooksWorld, from: Date, values: Record<string, unknown> = {}) {
  return saveConfig(w.parentConfig, {
    [CONFIG.post]: true, [CONFIG.postFrom]: from, [CONFIG.paymentMethod]: 'Stripe', [CONFIG.refundItem]: String(w.books.refundItem), ...values,
  });
}

/** Posting on from now with the payout accounts (the books' bank, Stripe fees, clearing); the config save must stand. */
export function postWithPayouts(w: BooksWorld, values: Record<string, unknown> = {}): void {
  const saved = turnPostingOn(w, w.account.now(), {
    [CONFIG.bankAccount]: String(w.books.bank), [CONFIG.feeAccount]: String(w.books.fees), [CONFIG.clearingAccount]: String(w.books.clearing), ...values,
  });
  expect(saved.afterSubmitError).toBeUndefined();
}

/**
 * The Europe config posting to its own EUR bank, and a customer whose primary subsidiary is the
 * parent, served in Europe through a customer link (synced to the Europe Stripe account).
 */
export function servedInEurope(w: BooksWorld, values: Record<string, unknown> = {}) {
  const cur = (code: string) => String(w.books.currencies[code]);
  const euBank = w.account.write('account', { acctname: 'EU Bank', accttype: 'Bank', currency: cur('EUR'), subsidiary: String(w.europe), isinactive: false }).id;
  expect(saveConfig(w.europeConfig, {
    [CONFIG.webhookEnabled]: true, [CONFIG.post]: true, [CONFIG.postFrom]: w.account.now(), [CONFIG.paymentMethod]: 'Stripe',
    [CONFIG.bankAccount]: String(euBank), [CONFIG.feeAccount]: String(w.books.fees), [CONFIG.clearingAccount]: String(w.books.clearing), ...values,
  }).afterSubmitError).toBeUndefined();
  const euSecret = String(w.account.get(RECORD.config, w.europeConfig).fields[CONFIG.webhookSecret]);
  const both = w.account.addCustomer({ companyname: 'Both Co', email: 'ap@both.test', subsidiary: String(w.parent), subsidiaries: [w.europe], currency: cur('USD'), currencies: [w.books.currencies.EUR] });
  massSync(w);
  const euCustomer = [...w.euStripe.store().customers.values()].find((c) => (c.metadata as Record<string, string>).netsuite_customer_id === String(both))!;
  return { euBank, euSecret, both, euCustomer };
}

export const transactionsOf = (w: BooksWorld, type: string) => w.account.all(type).map((r) => ({ ...r.fields, id: String(r.id), sublists: r.sublists }));
export const stripeTransactions = (w: BooksWorld) => ['customerpayment', 'creditmemo', 'customerrefund'].flatMap((t) => w.account.all(t)).map((r) => String(r.fields.externalid)).filter((x) => x.startsWith('stripe_'));
export { RECORD, saveConfig };
