/** A webhook world with books: NetSuite's accounts, currencies and a Stripe payment method, and a config that posts. */
import { setupBooks } from '../../emulator/netsuite/books';
import { CONFIG, RECORD } from '../../src/core/ids';
import { linkedCustomer, saveConfig, webhookWorld, WebhookWorld } from '../webhook/setup';

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

export const transactionsOf = (w: BooksWorld, type: string) => w.account.all(type).map((r) => ({ ...r.fields, id: String(r.id), sublists: r.sublists }));
export const stripeTransactions = (w: BooksWorld) => ['customerpayment', 'creditmemo', 'customerrefund'].flatMap((t) => w.account.all(t)).map((r) => String(r.fields.externalid)).filter((x) => x.startsWith('stripe_'));
export { RECORD, saveConfig };
