/**
 * The accountant's reconciliation view of Stripe payouts: what each payout's NetSuite deposit(s)
 * hold, line by line, and whether they tie out to the bank statement line:
 * payments − refunds − fees ± clearing = the deposit = the bank line. Pure: the N/* reads are in
 * src/netsuite/reconcile.ts, the page and the text breakdown in core/reconcile-page.ts.
 */
import { parsePayoutPosted } from './deposits';
import { parsePosted, Posted } from './books';

/** A payout row as the list shows it. */
export interface PayoutSummary {
  rowId: string;
  payoutId: string;
  amount: number;
  /** Lower case, as Stripe writes it. */
  currency: string;
  /** The arrival date as NetSuite shows it to the user (their date format). */
  arrival: string;
  status: string;
  /** The deposits PayPack posted (or the accountant entered), each with its NetSuite URL. */
  deposits: Array<{ id: string; url: string }>;
  /** The row's Posting note: how it posted, or why not. */
  posting: string;
  /** Its deposits' lines to the clearing account, each with its reason (its memo); read for the list only. */
  clearing: ClearingItem[];
  /** Journal entries made for it (a failed payout, a debit), by what they are for. */
  journals: Record<string, string>;
  /** The row's own URL in NetSuite, and this page's URL for the payout. */
  url: string;
  pageUrl: string;
}

/** The raw payout row values the list and the detail read. */
export interface PayoutRowValues {
  rowId: string;
  payoutId: string;
  amount: string;
  currency: string;
  arrival: string;
  status: string;
  depositIds: string;
  posting: string;
  posted: string;
}

/** The deposit ids a payout row names ('' → none), in order, without repeats. */
export function depositIdsOf(text: string): string[] {
  return [...new Set(String(text || '').split(/[,\s]+/).map((s) => s.trim()).filter((s) => /^\d+$/.test(s)))];
}

export function payoutSummary(v: PayoutRowValues, urls: { deposit: (id: string) => string; row: string; page: string }): PayoutSummary {
  const posted = parsePayoutPosted(v.posted);
  const ids = depositIdsOf(v.depositIds);
  return {
    rowId: v.rowId, payoutId: v.payoutId, amount: Number(v.amount || 0), currency: String(v.currency || '').toLowerCase(), arrival: v.arrival, status: v.status,
    deposits: ids.map((id) => ({ id, url: urls.deposit(id) })), posting: v.posting,
    clearing: [], journals: posted.journals, url: urls.row, pageUrl: urls.page,
  };
}

/** A deposit line to the clearing account: what it brings to the deposit (positive in, negative out) and why (its memo). */
export interface ClearingItem { amount: number; memo: string }

/** A clearing-account line of a deposit as a line search reads it: the account is credited when money comes in from it. */
export interface ClearingLineRead { depositId: string; debit: number; credit: number; memo: string }

/** Each payout's clearing lines, from the line search over its deposits. */
export function withClearing(payouts: PayoutSummary[], lines: ClearingLineRead[]): PayoutSummary[] {
  const byDeposit = new Map<string, ClearingItem[]>();
  for (const l of lines) {
    const items = byDeposit.get(l.depositId) || [];
    items.push({ amount: (Math.round(l.credit * 100) - Math.round(l.debit * 100)) / 100, memo: l.memo });
    byDeposit.set(l.depositId, items);
  }
  return payouts.map((p) => ({ ...p, clearing: p.deposits.flatMap((d) => byDeposit.get(d.id) || []) }));
}

/** A ticked line of a deposit's payment sublist, as read from the deposit. */
export interface DepositPaymentLine {
  transactionId: string;
  /** NetSuite's line type: `Payment`, `Customer Refund`, ... */
  type: string;
  /** The customer's internal id. */
  entity: string;
  /** What it brings to the deposit, in the deposit's currency (a refund is negative). */
  amount: number;
}

/** A cash-back (money out) or other-deposit (money in) line of a deposit. */
export interface DepositMoneyLine {
  account: string;
  /** Positive: money in (an `other` line); negative: money out (a `cashback` line). */
  amount: number;
  memo: string;
}

export interface DepositRead {
  id: string;
  url: string;
  total: number;
  currency: string;
  payments: DepositPaymentLine[];
  money: DepositMoneyLine[];
}

/** A NetSuite transaction on a deposit line, as a transaction search reads it. */
export interface TransactionRead {
  id: string;
  /** `custbody_pp_stripe_id`: the Stripe object PayPack posted (`ch_…`, `re_…`, `dp_…`), '' for one PayPack did not post. */
  stripeId: string;
  memo: string;
  url: string;
}

/** A PayPack Stripe Payment row (the charge's ledger), as the detail reads it. */
export interface LedgerRead {
  chargeId: string;
  customer: string;
  /** The NetSuite invoice its payment paid, by number ('' when none). */
  invoice: string;
  posted: Posted;
  posting: string;
}

export function ledgerRead(v: { chargeId: string; customer: string; invoice: string; posted: string; posting: string }): LedgerRead {
  return { chargeId: v.chargeId, customer: v.customer, invoice: v.invoice, posted: parsePosted(v.posted), posting: v.posting };
}

export type LineKind = 'payment' | 'refund' | 'dispute' | 'dispute won' | 'not PayPack\'s';

export interface DetailLine {
  kind: LineKind;
  transactionId: string;
  transactionUrl: string;
  customer: string;
  /** The Stripe object the transaction posts, and the charge it belongs to. */
  stripeId: string;
  chargeId: string;
  /** Signed as it moves the deposit, in the deposit's currency. */
  amount: number;
  /** What the money did in NetSuite: the invoice it paid, `unapplied`, or what a refund took. */
  applied: string;
  /** What of a payment stays as the customer's credit (0 when none). */
  unapplied: number;
}

export interface TieOut {
  currency: string;
  payments: number;
  refunds: number;
  fees: number;
  /** What the clearing (and any other) lines bring: positive in, negative out. */
  clearing: number;
  /** payments − refunds − fees + clearing. */
  lines: number;
  /** What the deposits say they total. */
  deposits: number;
  /** The bank statement line: the payout's amount. */
  bankLine: number;
  ties: boolean;
  /** What does not add up, in words ([] when it ties out). */
  problems: string[];
}

export interface PayoutDetail {
  payout: PayoutSummary;
  deposits: Array<{ id: string; url: string; total: number }>;
  lines: DetailLine[];
  /** Cash-back lines to the fee account: Stripe's fees. */
  fees: Array<DepositMoneyLine & { accountName: string }>;
  /** Lines to the clearing account (or any other account): what has no NetSuite transaction, with the reason in the memo. */
  clearing: Array<DepositMoneyLine & { accountName: string }>;
  tie: TieOut;
}

const cents = (x: number) => Math.round(x * 100);
const fromCents = (c: number) => c / 100;

/** The charge a refund's or dispute's transaction belongs to: PayPack's memo names it (`… of charge ch_…`). */
export function chargeInMemo(memo: string): string {
  const m = /\bof charge ((?:ch|py)_[A-Za-z0-9]+)/.exec(memo || '');
  return m ? m[1] : '';
}

function kindOf(line: DepositPaymentLine, stripeId: string): LineKind {
  if (!stripeId) return 'not PayPack\'s';
  if (/^(dp|du)_/.test(stripeId)) return line.amount < 0 ? 'dispute' : 'dispute won';
  return line.amount < 0 ? 'refund' : 'payment';
}

/**
 * One deposit line in an accountant's words: which Stripe object, whose, and what the money did
 * (the invoice a payment paid or `unapplied`; a refund taken from the payment's credit or by a credit memo).
 */
export function detailLine(line: DepositPaymentLine, tx: TransactionRead | undefined, ledger: (chargeId: string) => LedgerRead | undefined, customerName: (entity: string) => string): DetailLine {
  const stripeId = tx?.stripeId || '';
  const kind = kindOf(line, stripeId);
  const chargeId = /^(ch|py)_/.test(stripeId) ? stripeId : chargeInMemo(tx?.memo || '');
  const row = chargeId ? ledger(chargeId) : undefined;
  let applied = '';
  let unapplied = 0;
  if (kind === 'payment') {
    // what the posting left as the customer's credit (rows posted before it was kept: all of it when no invoice was paid)
    applied = row?.posted.invoice ? `invoice ${row.invoice || row.posted.invoice}` : 'unapplied';
    unapplied = row?.posted.unapplied ?? (row?.posted.invoice ? 0 : line.amount);
  } else if (kind === 'refund' || kind === 'dispute') {
    const done = row?.posted.done[stripeId] || '';
    const creditMemo = done.split(',')[1];
    applied = creditMemo ? `credit memo ${creditMemo}${row?.invoice ? ` on invoice ${row.invoice}` : ''}` : 'from the payment\'s unapplied credit';
  } else if (kind === 'dispute won') {
    // the withdrawal reversed: applied to an invoice of its credit memo's lines, or (none) the customer's credit again
    const [, reversal] = (row?.posted.done[`${stripeId}_won`] || '').split(',');
    applied = reversal ? `invoice ${reversal} (reverses the withdrawal's credit memo)` : 'unapplied';
    unapplied = reversal ? Math.min(line.amount, row?.posted.unapplied ?? 0) : line.amount;
  } else {
    applied = 'not posted by PayPack';
  }
  return {
    kind, transactionId: line.transactionId, transactionUrl: tx?.url || '', customer: row?.customer || customerName(line.entity), stripeId, chargeId,
    amount: line.amount, applied, unapplied,
  };
}

/**
 * The tie-out: payments − refunds − fees ± clearing must equal what the deposits total, and the
 * deposits the bank line. A payout Stripe debited (negative) posts a deposit of 0 and a journal
 * entry that takes the debit out of the bank, so its deposits tie to 0 with that journal.
 */
export function tieOut(payout: PayoutSummary, deposits: DepositRead[], lines: DetailLine[], fees: DepositMoneyLine[], clearing: DepositMoneyLine[]): TieOut {
  const code = payout.currency.toUpperCase();
  const money = (c: number) => `${fromCents(c).toFixed(2)} ${code}`;
  const payments = lines.filter((l) => l.amount > 0).reduce((s, l) => s + cents(l.amount), 0);
  const refunds = -lines.filter((l) => l.amount < 0).reduce((s, l) => s + cents(l.amount), 0);
  const feeCents = -fees.reduce((s, l) => s + cents(l.amount), 0);
  const clearingCents = clearing.reduce((s, l) => s + cents(l.amount), 0);
  const lineCents = payments - refunds - feeCents + clearingCents;
  const depositCents = deposits.reduce((s, d) => s + cents(d.total), 0);
  const bank = cents(payout.amount);
  const problems: string[] = [];
  if (!deposits.length) {
    problems.push(`no deposit for this payout yet${payout.posting ? ` (${payout.posting})` : ''}`);
  } else {
    if (deposits.length < payout.deposits.length) problems.push(`only the first ${deposits.length} of its ${payout.deposits.length} deposits were read: check the rest from the payout row`);
    if (lineCents !== depositCents) problems.push(`the deposit lines come to ${money(lineCents)} but the deposit${deposits.length > 1 ? 's total' : ' totals'} ${money(depositCents)}: off by ${money(depositCents - lineCents)}`);
    if (bank >= 0 && depositCents !== bank) problems.push(`the deposit${deposits.length > 1 ? 's total' : ' totals'} ${money(depositCents)} but the bank line is ${money(bank)}: off by ${money(bank - depositCents)}`);
    if (bank < 0 && depositCents !== 0) problems.push(`Stripe debited the bank ${money(-bank)}, so the deposit should total 0.00 ${code}, not ${money(depositCents)}`);
    if (bank < 0 && !Object.keys(payout.journals).some((k) => k.startsWith('debit'))) problems.push(`Stripe debited the bank ${money(-bank)} and no journal entry takes it out of the bank`);
  }
  return {
    currency: payout.currency, payments: fromCents(payments), refunds: fromCents(refunds), fees: fromCents(feeCents), clearing: fromCents(clearingCents),
    lines: fromCents(lineCents), deposits: fromCents(depositCents), bankLine: payout.amount, ties: problems.length === 0, problems,
  };
}

/** The whole detail of one payout from what was read. */
export function payoutDetail(
  payout: PayoutSummary,
  deposits: DepositRead[],
  transactions: Map<string, TransactionRead>,
  ledger: (chargeId: string) => LedgerRead | undefined,
  accounts: { fee: string; names: (accountId: string) => string },
  customerName: (entity: string) => string,
): PayoutDetail {
  const lines = deposits.flatMap((d) => d.payments.map((l) => detailLine(l, transactions.get(l.transactionId), ledger, customerName)));
  const money = deposits.flatMap((d) => d.money.map((m) => ({ ...m, accountName: accounts.names(m.account) })));
  // the fee line is the cash-back to the config's fee account; everything else is a clearing line
  const fees = money.filter((m) => accounts.fee && m.account === accounts.fee && m.amount < 0);
  const clearing = money.filter((m) => !fees.includes(m));
  return { payout, deposits: deposits.map((d) => ({ id: d.id, url: d.url, total: d.total })), lines, fees, clearing, tie: tieOut(payout, deposits, lines, fees, clearing) };
}
