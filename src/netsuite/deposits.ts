/**
 * Payouts on N/*: each Stripe payout posted as NetSuite bank deposit(s) equal to the bank statement
 * line (see core/deposits.ts for what goes on which line), a failed payout or a part Stripe debited
 * from the bank as a journal entry between the bank and the clearing account. Every transaction is
 * found again by its external id before anything is made, and the payout row keeps where its posting
 * stands after each part, so a run that stops part-way carries on and never posts twice.
 */
import * as format from 'N/format';
import * as record from 'N/record';
import * as search from 'N/search';
import type Stripe from 'stripe';
import { PayPackConfig } from '../core/config';
import { clearingSum, DepositItem, depositExternalId, depositItems, depositMismatch, NOTHING_POSTED, parsePayoutPosted, PART_PAGES, payoutNeedsPosting, PayoutPosted, planDeposit, postingNote, netCents, totalMismatch, Waiting, waitingForCharges } from '../core/deposits';
import { externalId, firstExternalId, PostingError } from '../core/books';
import { PAYMENT, PAYOUT, PAYOUT_BANK, RECORD, TRANSACTION } from '../core/ids';
import { PAYOUT_CONTENTS } from '../core/payments-job';
import { listPayoutContents, payoutFailedAt } from '../core/payouts';
import { StripeError } from '../core/stripe/client';
import { BooksContext, findPosted, isRefusal, saveOnce } from './books';
import { lookupText } from './field-values';
import { stripeDay } from './payouts';
import { stripeClient } from './stripe';
import { writeSyncLog } from './sync-records';

/** What posting a config's payouts needs, read once per run (getInputData). */
export interface PayoutBooks extends BooksContext {
  configName: string;
  secretId: string;
  feeAccount: string;
  clearingAccount: string;
  /** Lower-case payout currency -> the bank accounts its payouts may reach, each of one subsidiary (the config's own first). */
  banks: Record<string, PayoutBank[]>;
}

/** A bank account and the subsidiary it belongs to (NetSuite deposits a payment only into a bank account of its subsidiary). */
export interface PayoutBank { account: string; subsidiary: string }

/** A bank account's currency id and subsidiary (one lookup, 1 unit). */
function bankAccount(account: string): { currency: string; subsidiary: string } {
  const v = search.lookupFields({ type: 'account', id: account, columns: ['currency', 'subsidiary'] });
  return { currency: lookupText(v.currency), subsidiary: lookupText(v.subsidiary).split(',')[0] };
}

/** The config's payout accounts, or what is missing in words for the admin. */
export function payoutBooks(config: PayPackConfig, ctx: BooksContext): PayoutBooks | { problem: string } {
  const b = config.books;
  const missing = [[b.bankAccount, 'Payout Bank Account'], [b.feeAccount, 'Stripe Fee Account'], [b.clearingAccount, 'Stripe Clearing Account']].filter(([v]) => !v).map(([, label]) => label);
  if (missing.length) return { problem: `PayPack Config ${config.name} posts to NetSuite transactions but has no ${missing.join(', ')}: set ${missing.length === 1 ? 'it' : 'them'} on the config; until then its Stripe payouts are not posted as bank deposits (customer payments and refunds are).` };
  const code = Object.fromEntries(Object.entries(ctx.currencies).map(([iso, id]) => [id, iso]));
  const banks: Record<string, PayoutBank[]> = {};
  const add = (currency: string, account: string) => {
    const list = (banks[currency] ||= []);
    if (!list.some((x) => x.account === account)) list.push({ account, subsidiary: bankAccount(account).subsidiary });
  };
  const own = code[bankAccount(b.bankAccount).currency];
  if (own) add(own, b.bankAccount);
  search.create({ type: RECORD.payoutBank, filters: [[PAYOUT_BANK.config, 'anyof', config.id], 'AND', ['isinactive', 'is', 'F']], columns: [PAYOUT_BANK.currency, PAYOUT_BANK.account] }).run().each((r) => {
    add(String(r.getValue(PAYOUT_BANK.currency)).trim().toLowerCase(), String(r.getValue(PAYOUT_BANK.account)));
    return true;
  });
  return { ...ctx, configName: config.name, secretId: config.secretId, feeAccount: b.feeAccount, clearingAccount: b.clearingAccount, banks };
}

/**
 * What is wrong with a payout bank row (its payout currency, ISO, and its bank account), in words for
 * the admin, or undefined: the account must be in the row's currency (2 lookups).
 */
export function payoutBankProblem(currency: string, account: string): string | undefined {
  if (!currency || !account) return undefined; // mandatory fields: NetSuite asks for them itself
  const accountCurrency = bankAccount(account).currency;
  const symbol = accountCurrency ? lookupText(search.lookupFields({ type: 'currency', id: accountCurrency, columns: ['symbol'] }).symbol) : '';
  if (symbol.toLowerCase() === currency.toLowerCase()) return undefined;
  return `PayPack Payout Bank Account: bank account ${account} is in ${symbol ? symbol.toUpperCase() : 'no currency'}, not ${currency.toUpperCase()}. Stripe's ${currency.toUpperCase()} payouts must be deposited into a ${currency.toUpperCase()} bank account: choose one, or set the row's currency to the account's.`;
}

export interface PayoutToPost {
  rowId: string;
  payoutId: string;
  currency: string;
  amount: number;
  arrival: string;
  status: string;
  failure: string;
  contents: string;
  posted: PayoutPosted;
  note: string;
  /** The accountant cleared Deposits on the row: the deposits PayPack made are checked, and what a user deleted is deposited again. */
  recheck?: boolean;
}

const COLUMNS = [PAYOUT.id, PAYOUT.currency, PAYOUT.amount, PAYOUT.arrival, PAYOUT.status, PAYOUT.failure, PAYOUT.contents, PAYOUT.created, PAYOUT.posted, PAYOUT.posting, PAYOUT.deposit];

/** The config's payouts still to post: listed or manual, paid or failed, created from Post From (one search page per 1,000). */
export function payoutsToPost(configId: string, postFromEpoch: number): PayoutToPost[] {
  const out: PayoutToPost[] = [];
  const paged = search.create({ type: RECORD.payout, filters: [[PAYOUT.config, 'anyof', configId]], columns: COLUMNS }).runPaged({ pageSize: 1000 });
  for (const range of paged.pageRanges) {
    for (const r of paged.fetch({ index: range.index }).data) {
      const v = (c: string) => String(r.getValue(c) ?? '');
      const created = v(PAYOUT.created) ? format.parse({ value: v(PAYOUT.created), type: format.Type.DATETIMETZ }) : '';
      // a payout the accountant deposited by hand (Deposits filled, nothing posted by PayPack) is left as it is
      if (v(PAYOUT.deposit) && !parsePayoutPosted(v(PAYOUT.posted)).deposits.length) continue;
      const p: PayoutToPost = {
        rowId: r.id, payoutId: v(PAYOUT.id), currency: v(PAYOUT.currency), amount: Number(v(PAYOUT.amount) || 0), arrival: v(PAYOUT.arrival),
        status: v(PAYOUT.status), failure: v(PAYOUT.failure), contents: v(PAYOUT.contents), posted: parsePayoutPosted(v(PAYOUT.posted)), note: v(PAYOUT.posting),
      };
      const epoch = created instanceof Date ? Math.floor(created.getTime() / 1000) : 0;
      // Deposits cleared on a row PayPack deposited: the accountant asks for its deposits to be checked and made again where deleted
      if (!v(PAYOUT.deposit) && p.posted.deposits.length) out.push({ ...p, recheck: true });
      else if (payoutNeedsPosting({ ...p, created: epoch }, postFromEpoch, [PAYOUT_CONTENTS.listed, PAYOUT_CONTENTS.manual])) out.push(p);
    }
  }
  return out;
}

/** Transaction search codes of what sits in Undeposited Funds. */
const WAITING_TYPES = ['CustPymt', 'CustRfnd'];

/**
 * PayPack's payments and refunds dated from a day before `sinceEpoch` on (every transaction of a
 * payout is dated on or after its Stripe time), by external id, with their subsidiary: one paged
 * search instead of one per item.
 */
function postedSince(sinceEpoch: number): Map<string, { id: string; subsidiary: string }> {
  const day = format.format({ value: new Date((sinceEpoch - 86400) * 1000), type: format.Type.DATE });
  const out = new Map<string, { id: string; subsidiary: string }>();
  const paged = search.create({
    type: 'transaction',
    // a voided one moves no money; the one posted again in its place (`…_r<id>`) stands for the same Stripe object
    filters: [['mainline', 'is', 'T'], 'AND', ['type', 'anyof', ...WAITING_TYPES], 'AND', ['externalidstring', 'startswith', 'stripe_'], 'AND', ['trandate', 'onorafter', day], 'AND', ['voided', 'is', 'F']],
    columns: ['externalidstring', 'subsidiary'],
  }).runPaged({ pageSize: 1000 });
  for (const range of paged.pageRanges) {
    for (const r of paged.fetch({ index: range.index }).data) out.set(firstExternalId(String(r.getValue('externalidstring'))), { id: r.id, subsidiary: String(r.getValue('subsidiary') || '') });
  }
  return out;
}

/** The charges of the config whose ledger rows still need posting (the books refused them, or they changed since). */
function chargesToPost(configId: string): Set<string> {
  const out = new Set<string>();
  const paged = search.create({ type: RECORD.payment, filters: [[PAYMENT.config, 'anyof', configId], 'AND', [PAYMENT.toPost, 'is', 'T']], columns: [PAYMENT.chargeId] }).runPaged({ pageSize: 1000 });
  for (const range of paged.pageRanges) for (const r of paged.fetch({ index: range.index }).data) out.add(String(r.getValue(PAYMENT.chargeId)));
  return out;
}

/**
 * The bank of the payout's currency that can take the NetSuite transactions it carries: the one of
 * their subsidiary (the config's own bank when they name none). A payout carrying transactions of a
 * subsidiary none of its banks belongs to cannot be deposited (NetSuite refuses another subsidiary's
 * payment on a deposit; PayPack posts no intercompany entries): said in words, the bank left unchosen.
 */
export function bankFor(banks: PayoutBank[], subsidiaries: Map<string, string[]>): PayoutBank | { problem: string } {
  const named = [...subsidiaries.keys()].filter(Boolean).sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
  const bank = banks.find((b) => named.every((s) => s === b.subsidiary)) ?? (named.length ? undefined : banks[0]);
  if (bank) return bank;
  const of = (s: string) => `subsidiary ${s} (${subsidiaries.get(s)!.slice(0, 3).join(', ')}${subsidiaries.get(s)!.length > 3 ? ', ...' : ''})`;
  const takes = banks.map((b) => `bank account ${b.account} belongs to subsidiary ${b.subsidiary || '(none)'}`).join('; ');
  const without = named.filter((s) => !banks.some((b) => b.subsidiary === s));
  const todo = without.length
    ? `add a PayPack Payout Bank Account row for this currency with a bank account of subsidiary ${without.join(' and of subsidiary ')}`
    : 'a Stripe payout reaches one bank account, so one that carries several subsidiaries\' payments is deposited by hand with your intercompany entries; enter that deposit\'s internal id in Deposits on this payout row and PayPack leaves the payout as it is';
  return {
    problem: `this payout carries payments of ${named.map(of).join(' and ')}, and no bank account of its currency on the config can take them all (${takes}). NetSuite deposits a payment only into a bank account of the payment's own subsidiary, and PayPack does not post intercompany transfers: ${todo}.`,
  };
}

type Lines = 'other' | 'cashback';

/** A new line on a deposit in dynamic mode: NetSuite totals the deposit as each line is committed. */
function addLine(rec: record.Record, sublistId: Lines, values: Record<string, string | number>): void {
  rec.selectNewLine({ sublistId });
  for (const [fieldId, value] of Object.entries(values)) rec.setCurrentSublistValue({ sublistId, fieldId, value });
  rec.commitLine({ sublistId });
}

/** Money to (positive) or from (negative) an account on a deposit: an `other` line brings it in, a `cashback` line takes it out. */
function moneyLine(rec: record.Record, account: string, amount: number, memo: string): void {
  if (amount > 0) addLine(rec, 'other', { account, amount, memo });
  else if (amount < 0) addLine(rec, 'cashback', { account, amount: -amount, memo });
}

interface PostingRun { books: PayoutBooks; payout: PayoutToPost; bank: string; subsidiary: string; dated: Date; posted: PayoutPosted }

/** A journal entry moving `amount` out of the bank into the clearing account (the bank statement shows it leaving), found again by its external id. */
function bankToClearing(run: PostingRun, amount: number, externalIdText: string, memo: string): string {
  const found = findPosted(externalIdText, 'journalentry');
  if (found) return found;
  const je = record.create({ type: 'journalentry' });
  if (run.subsidiary) je.setValue({ fieldId: 'subsidiary', value: run.subsidiary });
  je.setValue({ fieldId: 'currency', value: run.books.currencies[run.payout.currency] });
  je.setValue({ fieldId: 'trandate', value: run.dated });
  je.setValue({ fieldId: 'memo', value: memo });
  je.setValue({ fieldId: TRANSACTION.stripeId, value: run.payout.payoutId });
  const lines = [{ account: run.books.clearingAccount, debit: amount }, { account: run.bank, credit: amount }];
  lines.forEach((l, line) => {
    for (const [fieldId, value] of Object.entries({ ...l, memo })) je.setSublistValue({ sublistId: 'line', fieldId, line, value: value as string | number });
  });
  return saveOnce(je, externalIdText);
}

/**
 * A deposit in dynamic mode: setting the bank account sources its currency and lists what waits in
 * Undeposited Funds, and NetSuite keeps its total as lines are committed, so the total can be
 * compared with the payout before the deposit is saved.
 */
function newDeposit(run: PostingRun, part: number, memo: string): record.Record {
  const dep = record.create({ type: 'deposit', isDynamic: true });
  // the bank's subsidiary first: the deposit's accounts and payments must be of it
  if (run.subsidiary) dep.setValue({ fieldId: 'subsidiary', value: run.subsidiary });
  dep.setValue({ fieldId: 'account', value: run.bank });
  dep.setValue({ fieldId: 'trandate', value: run.dated });
  dep.setValue({ fieldId: 'memo', value: part ? `${memo} (part ${part + 1})` : memo });
  dep.setValue({ fieldId: TRANSACTION.stripeId, value: run.payout.payoutId });
  return dep;
}

/**
 * One part of the payout: up to PART_PAGES pages of its balance transactions after `posted.after`,
 * as one deposit. Returns false when it could not be listed (no units, or Stripe failed: `why`).
 */
function postPart(run: PostingRun, stripe: ReturnType<typeof stripeClient>, canAfford: () => boolean): { ok: true } | { ok: false; why: string } {
  const { payout, posted, books } = run;
  const part = posted.deposits.length;
  let pages = 0;
  const listing = listPayoutContents(stripe, payout.payoutId, () => pages++ < PART_PAGES && canAfford(), posted.after);
  if (listing.stopped instanceof StripeError) return { ok: false, why: `Stripe answered ${listing.stopped.status || 'nothing'} while PayPack listed what payout ${payout.payoutId} carries: ${listing.stopped.message}` };
  const full = pages > PART_PAGES; // stopped because the part is full, not for units
  if (!listing.complete && !full) return { ok: false, why: '' };
  const txns = listing.items;
  const last = txns.length ? txns[txns.length - 1].id : posted.after;
  const items = depositItems(txns, payout.payoutId);
  const ext = depositExternalId(payout.payoutId, part);
  const partCents = netCents(items);
  const found = items.length ? findPosted(ext, 'deposit') : undefined;
  if (found) {
    posted.deposits.push(found);
  } else if (items.length) {
    const memo = `Stripe payout ${payout.payoutId}`;
    const ids = postedSince(Math.min(...txns.map((t: Stripe.BalanceTransaction) => t.created)));
    const subsidiaries = new Map<string, string[]>();
    for (const item of items) {
      const tx = ids.get(externalId(item.key));
      if (tx) subsidiaries.set(tx.subsidiary, [...(subsidiaries.get(tx.subsidiary) || []), item.label]);
    }
    const bank = bankFor(books.banks[payout.currency], subsidiaries);
    if ('problem' in bank) throw new PostingError(bank.problem);
    run.bank = bank.account;
    run.subsidiary = bank.subsidiary;
    const dep = newDeposit(run, part, memo);
    const currency = String(dep.getValue({ fieldId: 'currency' }));
    const waiting = new Map<string, { line: number; amount: number; currency: string }>();
    for (let line = 0; line < dep.getLineCount({ sublistId: 'payment' }); line++) {
      const get = (fieldId: string) => dep.getSublistValue({ sublistId: 'payment', fieldId, line });
      // transactionamount: the payment's (or refund's, negative) amount in its own currency
      waiting.set(String(get('id')), { line, amount: Number(get('transactionamount')), currency: String(get('currency')) });
    }
    const unposted: DepositItem[] = [];
    const plan = planDeposit(items, (item): Waiting | string => {
      const id = ids.get(externalId(item.key))?.id;
      if (!id) {
        unposted.push(item);
        return 'no NetSuite transaction (created before Post From, of a Stripe customer not linked, or not posted: see its PayPack Stripe Payment row)';
      }
      const w = waiting.get(id);
      // deposited already, not by PayPack (by hand, say): posting this payout again would count its money twice
      if (!w) throw new PostingError(`its NetSuite transaction ${id} (${item.label}) was deposited already, not by PayPack. If this payout was deposited by hand, enter that deposit's internal id in Deposits on this payout row and PayPack leaves the payout as it is; otherwise remove the transaction from that deposit.`);
      return { line: w.line, sameCurrencyAmount: w.currency === currency ? w.amount : null };
    });
    // what PayPack has yet to post is waited for, not put on clearing (one search, only when something is missing)
    const waitFor = unposted.length ? waitingForCharges(unposted, chargesToPost(books.configId)) : '';
    if (waitFor) throw new PostingError(waitFor + '.');
    for (const t of plan.ticks) {
      dep.selectLine({ sublistId: 'payment', line: t.line });
      dep.setCurrentSublistValue({ sublistId: 'payment', fieldId: 'deposit', value: true });
      if (t.foreign) dep.setCurrentSublistValue({ sublistId: 'payment', fieldId: 'paymentamount', value: t.paymentamount });
      dep.commitLine({ sublistId: 'payment' });
    }
    moneyLine(dep, books.feeAccount, -plan.fees, `Stripe fees of payout ${payout.payoutId}`);
    for (const c of plan.clearing) moneyLine(dep, books.clearingAccount, c.amount, c.memo);
    // the whole payout in one deposit: it equals the payout to the cent, or it is not saved
    const mismatch = listing.complete ? totalMismatch(posted.cents + partCents, payout.amount, payout.currency) : '';
    if (mismatch) throw new PostingError(`${mismatch}; ${part ? 'its last deposit' : 'its deposit'} was not saved. Check the payout in Stripe's Dashboard.`);
    // Stripe took more than it paid: the deposit comes to zero, and a journal entry takes the rest out of the bank
    if (plan.total < 0) moneyLine(dep, books.clearingAccount, -plan.total, `Stripe debited the bank for payout ${payout.payoutId}: see its journal entry`);
    // the deposit's own total, as NetSuite computed it from its lines, must be what Stripe paid into the bank for this part
    const off = depositMismatch(Number(dep.getValue({ fieldId: 'total' })), Math.max(partCents, 0), payout.currency);
    if (off) throw new PostingError(`${off}; ${part ? 'its last deposit' : 'its deposit'} was not saved. Check the payments and refunds of this payout in NetSuite's Undeposited Funds.`);
    posted.deposits.push(saveOnce(dep, ext));
    posted.clearingLines += plan.clearing.length;
    posted.clearingSum = Math.round((posted.clearingSum + clearingSum(plan.clearing)) * 100) / 100;
  }
  posted.cents += partCents;
  // the journal of a part Stripe debited: made (or found again) even when its deposit was found again
  const debit = `debit${part || ''}`;
  if (partCents < 0 && !posted.journals[debit]) posted.journals[debit] = bankToClearing(run, -partCents / 100, externalId(payout.payoutId, `${part ? `_${part + 1}` : ''}_debit`), `Stripe debited the bank for payout ${payout.payoutId}`);
  posted.after = last;
  posted.done = listing.complete;
  return { ok: true };
}

/**
 * The bank a payout's postings use until its contents choose one: the bank of its first deposit when
 * it has one (a later run carries on into the same bank), else the config's first of the currency.
 */
function chosenBank(banks: PayoutBank[], posted: PayoutPosted): { bank: string; subsidiary: string } {
  const first = banks.length > 1 && posted.deposits.length ? lookupText(search.lookupFields({ type: 'deposit', id: posted.deposits[0], columns: ['account'] }).account) : '';
  const bank = banks.find((b) => b.account === first) ?? banks[0];
  return { bank: bank.account, subsidiary: bank.subsidiary };
}

/** A manual payout: Stripe does not say what it carries, so its amount comes from the clearing account. */
function postManual(run: PostingRun): void {
  const { payout, posted, books } = run;
  const ext = depositExternalId(payout.payoutId, 0);
  let id = findPosted(ext, 'deposit');
  if (!id) {
    const dep = newDeposit(run, 0, `Stripe manual payout ${payout.payoutId}`);
    moneyLine(dep, books.clearingAccount, payout.amount, `Stripe manual payout ${payout.payoutId}: Stripe does not list what a manual payout carries; clear this line against the payments it paid out`);
    id = saveOnce(dep, ext);
  }
  posted.deposits = [id];
  posted.clearingLines = 1;
  posted.clearingSum = payout.amount;
  posted.done = true;
}

/**
 * A payout row whose Deposits the accountant cleared: its deposits as NetSuite has them (one search).
 * All there: nothing to do. All deleted: the payout is posted again from the start, its deposits made
 * again under their own external ids (NetSuite frees a deleted transaction's) from what waits in
 * Undeposited Funds. Some deleted: the others must go too, since the parts follow one another (in words).
 */
function recheckDeposits(payout: PayoutToPost, posted: PayoutPosted): PayoutPosted | string {
  const there = new Set<string>();
  search.create({ type: 'transaction', filters: [['internalid', 'anyof', ...posted.deposits], 'AND', ['mainline', 'is', 'T']], columns: ['type'] }).run().getRange({ start: 0, end: 1000 })
    .forEach((r) => { if (String(r.getValue('type')) === 'Deposit') there.add(r.id); });
  const deleted = posted.deposits.filter((d) => !there.has(d));
  if (!deleted.length) return posted;
  if (deleted.length < posted.deposits.length) {
    return `not posted: deposit${deleted.length === 1 ? '' : 's'} ${deleted.join(', ')} of this payout ${deleted.length === 1 ? 'was' : 'were'} deleted, ${[...there].join(', ')} not. PayPack deposits a payout's parts in order: delete the others too and clear Deposits again (PayPack deposits the whole payout again), or make the missing part by hand and enter every deposit in Deposits.`;
  }
  // the journals (a failed or debited payout) are not deposits: they stay as they are
  return { ...NOTHING_POSTED, journals: posted.journals };
}

function saveState(payout: PayoutToPost, posted: PayoutPosted, note: string): void {
  record.submitFields({
    type: RECORD.payout, id: payout.rowId,
    values: { [PAYOUT.posted]: JSON.stringify(posted), [PAYOUT.deposit]: posted.deposits.join(',').slice(0, 300), [PAYOUT.posting]: note.slice(0, 4000) },
  });
}

export type PayoutOutcome = 'payout posted' | 'payout part-way' | 'payout not posted';

/** A payout that waits for the config (its payout accounts): its row says why, written only when that changes. */
export function notePayoutWaits(payout: PayoutToPost, problem: string): PayoutOutcome {
  const note = `not posted: ${problem}`;
  if (payout.note !== note) record.submitFields({ type: RECORD.payout, id: payout.rowId, values: { [PAYOUT.posting]: note.slice(0, 4000) } });
  return 'payout not posted';
}

/**
 * Post what the payout still lacks: its deposit parts in order (its row updated after each), then,
 * for a failed payout, the journal entry that takes it back out of the bank. A refusal by NetSuite or
 * Stripe is said on the row and once in the sync log; the next run carries on where this one stopped.
 */
export function postPayout(books: PayoutBooks, payout: PayoutToPost, canAfford: () => boolean): PayoutOutcome {
  let posted: PayoutPosted = { ...payout.posted, deposits: [...payout.posted.deposits], journals: { ...payout.posted.journals } };
  if (payout.recheck) {
    const checked = recheckDeposits(payout, posted);
    if (typeof checked === 'string') {
      saveState(payout, posted, checked);
      return 'payout not posted';
    }
    posted = checked;
    if (posted.done && !(payout.status === 'failed' && !posted.journals.failed)) {
      saveState(payout, posted, `${postingNote(posted, payout.currency)}. Checked when Deposits was cleared: every deposit is in NetSuite.`);
      return 'payout posted';
    }
  }
  const banks = books.banks[payout.currency] || [];
  const code = payout.currency.toUpperCase();
  let failure = '';
  if (!payout.arrival) {
    // the deposit's date is the day the bank received it: never guessed as today
    failure = `not posted: the payout row has no arrival date, the day the deposit is dated. Stripe gives every payout one: run PayPack Payments Import again (it rewrites the row from Stripe) or enter it on the row.`;
  } else if (!banks.length) {
    failure = `not posted: PayPack Config ${books.configName} has no bank account for ${code} payouts. Set Payout Bank Account to a ${code} bank account, or add a PayPack Payout Bank Account row for ${payout.currency} on the config; the next run of PayPack Payments Import posts it.`;
  } else {
    // Stripe's arrival date is a UTC day: that day, in the user's time zone
    const run: PostingRun = { books, payout, ...chosenBank(banks, posted), dated: format.parse({ value: payout.arrival, type: format.Type.DATE }) as Date, posted };
    try {
      if (payout.contents === PAYOUT_CONTENTS.manual) postManual(run);
      const stripe = posted.done ? undefined : stripeClient(books.secretId, { maxRetries: 0 });
      while (stripe && !posted.done) {
        const r = postPart(run, stripe, canAfford);
        if (!r.ok) { failure = r.why ? `not posted: ${r.why}. The next run of PayPack Payments Import tries again.` : ''; break; }
        // where it stands after each part: a run stopped later carries on from here
        if (!posted.done) saveState(payout, posted, postingNote(posted, payout.currency));
      }
      if (posted.done && payout.status === 'failed' && !posted.journals.failed) {
        // dated the day the bank returned it (Stripe's failure balance transaction), not the arrival day
        let failedAt: number | undefined;
        try {
          failedAt = payoutFailedAt(stripe ?? stripeClient(books.secretId, { maxRetries: 0 }), payout.payoutId);
        } catch (e) {
          if (!(e instanceof StripeError)) throw e;
          throw new PostingError(`Stripe answered ${e.status || 'nothing'} when PayPack read when payout ${payout.payoutId} failed: ${e.message}.`);
        }
        if (failedAt === undefined) throw new PostingError(`Stripe names no failure balance transaction for failed payout ${payout.payoutId}, so the day the bank returned it is unknown.`);
        posted.journals.failed = bankToClearing({ ...run, dated: stripeDay(failedAt) }, payout.amount, externalId(payout.payoutId, '_failed'), `Stripe payout ${payout.payoutId} failed (${payout.failure || 'returned by the bank'}): the bank did not keep it; Stripe puts it back in the balance and pays it out again`);
      }
    } catch (e) {
      if (!isRefusal(e)) throw e;
      const err = e as { name?: string; message?: string };
      failure = e instanceof PostingError ? `not posted: ${err.message} The next run of PayPack Payments Import tries again.`
        : `not posted: NetSuite refused the deposit (${err.name ? `${err.name}: ` : ''}${err.message || String(e)}). The next run of PayPack Payments Import tries again.`;
    }
  }
  const note = failure ? `${failure}${posted.deposits.length ? ` So far: ${postingNote({ ...posted, done: false }, payout.currency)}` : ''}` : postingNote(posted, payout.currency);
  saveState(payout, posted, note);
  if (failure && failure !== payout.note.split(' So far:')[0]) {
    writeSyncLog({ source: 'payments', configId: books.configId, stripeId: payout.payoutId, outcome: 'failed', message: `Stripe payout ${payout.payoutId} (${payout.amount} ${code}) was ${failure} (PayPack Config ${books.configName})` });
  }
  if (failure) return 'payout not posted';
  return posted.done ? 'payout posted' : 'payout part-way';
}
