/**
 * A Stripe payout as NetSuite bank deposits, each equal to its share of the bank statement line:
 * the customer payments and refunds PayPack posted come off Undeposited Funds, Stripe's fees go out
 * on one cash-back line to the fee account, and whatever has no NetSuite transaction (charges before
 * Post From, charges of customers not linked, adjustments, a returned payout) goes on its own line to
 * the clearing account, named in its memo. A payout of many transactions is cut into parts of at most
 * PART_ITEMS transactions, one deposit each, so no deposit comes near NetSuite's line limit.
 */
import type Stripe from 'stripe';
import { externalId } from './books';
import { majorUnits } from './payments';
import { STRIPE_FEE_TYPES } from './payouts';

/** Stripe transactions per deposit: at most two lines each (a payment and a difference), so a deposit stays below 6,002 lines, well below NetSuite's 10,000. */
export const PART_ITEMS = 3000;
/** Stripe pages of 100 per part. */
export const PART_PAGES = PART_ITEMS / 100;

/** One Stripe balance transaction as a deposit reads it (major units of the payout's currency). */
export interface DepositItem {
  txnId: string;
  /** The Stripe id PayPack posted it under ('' when PayPack posts nothing for it). */
  key: string;
  /** What it brings to the balance before fees (negative for refunds and withdrawn disputes). */
  amount: number;
  /** Stripe's fees on it. */
  fee: number;
  /** The Stripe object, in words, for a memo. */
  label: string;
  /** The charge it belongs to (a charge's own id, a refund's or a dispute's charge; '' for the rest). */
  chargeId: string;
}

const CHARGE_TYPES = new Set(['charge', 'payment']);
const REFUND_TYPES = new Set(['refund', 'payment_refund']);
/** Balance transactions that are Stripe's fees themselves (Radar, Billing, Stripe Tax, currency conversion, tax on fees): the fee line. */
const FEE_TYPES: ReadonlySet<string> = new Set(STRIPE_FEE_TYPES);

/** The charge of a balance transaction's source: the charge itself, or the one a refund or dispute names (expanded sources carry it). */
function chargeOf(t: Stripe.BalanceTransaction, src: string): string {
  if (CHARGE_TYPES.has(t.type)) return src;
  const charge = (t.source as { charge?: unknown } | null | undefined)?.charge;
  if (!charge) return '';
  return typeof charge === 'string' ? charge : String((charge as { id?: string }).id ?? '');
}

function sourceId(t: Stripe.BalanceTransaction): string {
  const s = t.source as unknown;
  if (!s) return '';
  return typeof s === 'string' ? s : String((s as { id?: string }).id ?? '');
}

/** What a payout's balance transactions bring, each with the Stripe id PayPack posted it under; the payout's own transaction is left out. */
export function depositItems(txns: Stripe.BalanceTransaction[], payoutId: string): DepositItem[] {
  const out: DepositItem[] = [];
  for (const t of txns) {
    const src = sourceId(t);
    if (t.type === 'payout' && src === payoutId) continue;
    const amount = majorUnits(t.amount, t.currency);
    const fee = majorUnits(t.fee, t.currency);
    const words = `Stripe ${t.type.replace(/_/g, ' ')} ${src || t.id}${t.description ? ` (${t.description})` : ''}`;
    if (FEE_TYPES.has(t.type)) {
      out.push({ txnId: t.id, key: '', amount: 0, fee: round(fee - amount), label: words, chargeId: '' });
      continue;
    }
    let key = '';
    if (CHARGE_TYPES.has(t.type) || REFUND_TYPES.has(t.type)) key = src;
    // a refund that failed: the money back is the reverse PayPack posted for it
    else if (t.type === 'refund_failure' && src) key = `${src}_failed`;
    // a dispute's funds: withdrawn (posted as a refund under the dispute's id) or reinstated (a payment, `_won`);
    // a dispute's id says what it is whether the source came expanded or not
    else if (t.type === 'adjustment' && (src.startsWith('dp_') || src.startsWith('du_'))) key = amount < 0 ? src : `${src}_won`;
    const label = t.type === 'payout_failure' ? `Stripe payout ${src} returned by the bank (failed): see its journal entry` : words;
    out.push({ txnId: t.id, key, amount, fee, label, chargeId: key ? chargeOf(t, src) : '' });
  }
  return out;
}

/** The external id of a payout's n-th deposit (0-based): `stripe_po_…`, then `stripe_po_…_2`, ... */
export function depositExternalId(payoutId: string, part: number): string {
  return externalId(payoutId, part ? `_${part + 1}` : '');
}

/** A NetSuite transaction waiting on the deposit's payment sublist for an item. */
export interface Waiting {
  /** The line on the deposit's payment sublist. */
  line: number;
  /** Its amount when it is in the deposit's currency (null: another currency, so Stripe's settled amount is what it brings). */
  sameCurrencyAmount: number | null;
}

export interface ClearingLine { amount: number; memo: string }

export interface DepositPlan {
  /** Payment sublist lines to tick, with the amount each brings in the deposit's currency. */
  ticks: Array<{ line: number; paymentamount: number; foreign: boolean }>;
  /** Stripe's fees of these transactions (positive: cash back to the fee account). */
  fees: number;
  /** What has no NetSuite transaction, each to the clearing account (positive: money in). */
  clearing: ClearingLine[];
  /** What the deposit comes to: the sum of the items' net. */
  total: number;
}

const MEMO_LENGTH = 300;

/**
 * How the items become one deposit: each posted one ticked off Undeposited Funds (found by `find`,
 * or a reason it is not there), the rest on clearing lines; the total is the items' net to the cent.
 */
export function planDeposit(items: DepositItem[], find: (item: DepositItem) => Waiting | string): DepositPlan {
  const plan: DepositPlan = { ticks: [], fees: 0, clearing: [], total: 0 };
  const toCents = (x: number) => Math.round(x * 100);
  for (const item of items) {
    plan.fees += toCents(item.fee);
    if (!item.amount) continue;
    const found = item.key ? find(item) : 'PayPack posts no NetSuite transaction for it';
    if (typeof found === 'string') {
      plan.clearing.push({ amount: item.amount, memo: `${item.label}: ${found}`.slice(0, MEMO_LENGTH) });
      continue;
    }
    if (found.sameCurrencyAmount === null) {
      plan.ticks.push({ line: found.line, paymentamount: item.amount, foreign: true });
      continue;
    }
    plan.ticks.push({ line: found.line, paymentamount: found.sameCurrencyAmount, foreign: false });
    const diff = toCents(item.amount) - toCents(found.sameCurrencyAmount);
    if (diff) plan.clearing.push({ amount: diff / 100, memo: `${item.label}: Stripe moved ${item.amount}, its NetSuite transaction ${found.sameCurrencyAmount}; the difference`.slice(0, MEMO_LENGTH) });
  }
  plan.fees = plan.fees / 100;
  plan.total = netCents(items) / 100;
  return plan;
}

/**
 * A deposit must not put on clearing what PayPack will post later (its payment would then sit in
 * Undeposited Funds for good): the items with no NetSuite transaction whose charge's ledger row still
 * needs posting, in words for the payout row ('' when there are none).
 */
export function waitingForCharges(unposted: DepositItem[], chargesToPost: ReadonlySet<string>): string {
  const held = unposted.filter((i) => i.chargeId && chargesToPost.has(i.chargeId));
  if (!held.length) return '';
  const shown = held.slice(0, 5).map((i) => i.label).join(', ');
  const more = held.length > 5 ? ` and ${held.length - 5} more` : '';
  return `${shown}${more} ${held.length === 1 ? 'still needs' : 'still need'} posting (see ${held.length === 1 ? 'its' : 'their'} PayPack Stripe Payment row${held.length === 1 ? '' : 's'} for why). The deposit waits until ${held.length === 1 ? 'it is' : 'they are'} posted, so ${held.length === 1 ? 'its payment comes' : 'their payments come'} off Undeposited Funds instead of onto the clearing account`;
}

/** The clearing lines' sum, for the payout row's note. */
export function clearingSum(lines: ClearingLine[]): number {
  return Math.round(lines.reduce((s, l) => s + Math.round(l.amount * 100), 0)) / 100;
}

/** Where a payout's posting stands, kept on its row so a run that stopped carries on. */
export interface PayoutPosted {
  /** The deposits made so far, in order (one per part). */
  deposits: string[];
  /** The last Stripe transaction of the last part posted: the next part starts after it. */
  after: string;
  /** All of the payout's parts are posted. */
  done: boolean;
  /** Clearing lines so far: how many and their sum. */
  clearingLines: number;
  clearingSum: number;
  /** What the parts so far come to, in cents of the payout's currency (before a debit's zeroing). */
  cents: number;
  /** Journal entries made: for a failed payout, and for parts that came out negative (Stripe debited the bank). */
  journals: Record<string, string>;
}

export const NOTHING_POSTED: PayoutPosted = { deposits: [], after: '', done: false, clearingLines: 0, clearingSum: 0, cents: 0, journals: {} };

/** What items come to after Stripe's fees, in cents: a deposit of them comes to this. */
export function netCents(items: DepositItem[]): number {
  return items.reduce((sum, i) => sum + Math.round(i.amount * 100) - Math.round(i.fee * 100), 0);
}

/** A payout's parts must come to its amount to the cent: what is wrong if they do not ('' when they do), and by how much. */
export function totalMismatch(partsCents: number, payoutAmount: number, currency: string): string {
  const want = Math.round(payoutAmount * 100);
  if (partsCents === want) return '';
  const code = currency.toUpperCase();
  return `what Stripe lists for the payout comes to ${(partsCents / 100).toFixed(2)} ${code}, not the payout's ${payoutAmount.toFixed(2)} (${(Math.abs(partsCents - want) / 100).toFixed(2)} ${code} apart)`;
}

/** A deposit's total as NetSuite computed it must be what its part of the payout brings, to the cent ('' when it is). */
export function depositMismatch(depositTotal: number, wantCents: number, currency: string): string {
  const got = Math.round(depositTotal * 100);
  if (got === wantCents) return '';
  const code = currency.toUpperCase();
  return `NetSuite totals the deposit at ${(got / 100).toFixed(2)} ${code}, not the ${(wantCents / 100).toFixed(2)} ${code} Stripe paid out for it (${(Math.abs(got - wantCents) / 100).toFixed(2)} ${code} apart)`;
}

export function parsePayoutPosted(text: unknown): PayoutPosted {
  try {
    const p = JSON.parse(String(text || 'null')) as PayoutPosted | null;
    return p && Array.isArray(p.deposits) ? { ...NOTHING_POSTED, ...p, journals: { ...(p.journals || {}) } } : { ...NOTHING_POSTED, journals: {} };
  } catch {
    return { ...NOTHING_POSTED, journals: {} };
  }
}

/** What the payout row says of its posting, in an accountant's words. */
export function postingNote(p: PayoutPosted, currency: string): string {
  const code = currency.toUpperCase();
  const deposits = p.deposits.length === 1 ? `deposit ${p.deposits[0]}` : `${p.deposits.length} deposits (${p.deposits.join(', ')})`;
  const clearing = p.clearingLines ? ` with ${p.clearingLines} clearing line${p.clearingLines === 1 ? '' : 's'} of ${p.clearingSum.toFixed(2)} ${code} in total: Stripe items with no NetSuite transaction, named in each line's memo` : '';
  const journals = Object.keys(p.journals).length ? `; journal entr${Object.keys(p.journals).length === 1 ? 'y' : 'ies'} ${Object.values(p.journals).join(', ')}` : '';
  return p.done ? `posted as ${deposits}${clearing}${journals}` : `part-way: ${deposits} so far${journals}; the next run of PayPack Payments Import carries on`;
}

/** Should the payout be posted (again)? Paid or failed automatic and manual payouts created from Post From, until their deposits (and a failed one's journal) are made. */
export function payoutNeedsPosting(v: { status: string; created: number; contents: string; posted: PayoutPosted }, postFromEpoch: number, listedStates: string[]): boolean {
  if (v.created < postFromEpoch || !listedStates.includes(v.contents)) return false;
  if (v.status !== 'paid' && v.status !== 'failed') return false;
  if (!v.posted.done) return true;
  return v.status === 'failed' && !v.posted.journals.failed;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
