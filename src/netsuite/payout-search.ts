/**
 * The saved searches an accountant reconciles with (docs/accounting.md names them by id and title).
 * SDF cannot ship a hand-written saved search (Oracle, "Saved Searches as XML Definitions": a
 * savedsearch object is exported from an account and must not be edited), so the payments job makes
 * each one the account lacks, public, with its fixed id; an admin may then copy or change it in NetSuite.
 */
import * as search from 'N/search';
import { CONFIG, PAYMENT, PAYOUT, RECORD, TRANSACTION } from '../core/ids';

export const PAYOUT_SEARCH_ID = 'customsearch_pp_payout_payments';
export const PAYOUT_SEARCH_TITLE = 'PayPack Stripe Payouts with Payments';

type Column = { name: string; join?: string; label: string; sort?: string };
/** `filters` as a function: read when the search is made; undefined: not yet (made by a later run). */
interface SavedSearchDef { id: string; title: string; type: string; filters: unknown[] | (() => unknown[] | undefined); columns: Column[] }

/** The Stripe clearing accounts the configs name (one search page). */
function clearingAccounts(): string[] {
  const out = new Set<string>();
  search.create({ type: RECORD.config, filters: [[CONFIG.clearingAccount, 'noneof', '@NONE@']], columns: [CONFIG.clearingAccount] }).run().each((r) => { out.add(String(r.getValue(CONFIG.clearingAccount))); return true; });
  return [...out];
}

const via = (name: string, label: string, sort?: string): Column => ({ name, join: PAYMENT.payout, label, ...(sort ? { sort } : {}) });
const col = (name: string, label: string, sort?: string): Column => ({ name, label, ...(sort ? { sort } : {}) });

/** By id; made in this order. */
export const SAVED_SEARCHES: SavedSearchDef[] = [
  {
    id: PAYOUT_SEARCH_ID, title: PAYOUT_SEARCH_TITLE, type: RECORD.payment,
    filters: [[PAYMENT.payout, 'noneof', '@NONE@']],
    columns: [
      via(PAYOUT.arrival, 'Arrival Date', 'DESC'), via(PAYOUT.id, 'Payout ID', 'ASC'), via(PAYOUT.amount, 'Payout Amount'), via(PAYOUT.currency, 'Payout Currency'),
      via(PAYOUT.status, 'Payout Status'), col(PAYMENT.customer, 'Customer'), col(PAYMENT.chargeId, 'Charge ID'), col(PAYMENT.created, 'Charged'),
      col(PAYMENT.amount, 'Amount'), col(PAYMENT.refunded, 'Refunded'), col(PAYMENT.fee, 'Stripe Fee'), col(PAYMENT.net, 'Net'), col(PAYMENT.status, 'Status'),
    ],
  },
  {
    // each NetSuite customer payment PayPack posted, beside the payout and deposit(s) that carried it
    id: 'customsearch_pp_payout_transactions', title: 'PayPack Transactions by Payout', type: RECORD.payment,
    filters: [[PAYMENT.payout, 'noneof', '@NONE@'], 'AND', [PAYMENT.transaction, 'noneof', '@NONE@']],
    columns: [
      via(PAYOUT.arrival, 'Arrival Date', 'DESC'), via(PAYOUT.id, 'Payout ID', 'ASC'), via(PAYOUT.amount, 'Payout Amount'), via(PAYOUT.deposit, 'Deposits'),
      col(PAYMENT.customer, 'Customer'), col(PAYMENT.chargeId, 'Charge ID'), col(PAYMENT.transaction, 'NetSuite Payment'), col(PAYMENT.nsInvoice, 'NetSuite Invoice'),
      col(PAYMENT.amount, 'Amount'), col(PAYMENT.currency, 'Currency'), col(PAYMENT.refunded, 'Refunded'), col(PAYMENT.posting, 'Posting'),
    ],
  },
  {
    // a payment that named no invoice, or could not pay all of it: what it left is the customer's credit
    id: 'customsearch_pp_unapplied_credit', title: 'PayPack Payments Left Unapplied', type: RECORD.payment,
    // the posting keeps what it left unapplied in Posted Transactions (`"unapplied":`)
    filters: [[PAYMENT.transaction, 'noneof', '@NONE@'], 'AND', [PAYMENT.posted, 'contains', '"unapplied":']],
    columns: [
      col(PAYMENT.created, 'Charged', 'DESC'), col(PAYMENT.customer, 'Customer'), col(PAYMENT.chargeId, 'Charge ID'), col(PAYMENT.amount, 'Amount'), col(PAYMENT.currency, 'Currency'),
      col(PAYMENT.transaction, 'NetSuite Payment'), col(PAYMENT.nsInvoice, 'NetSuite Invoice Named'), col(PAYMENT.posted, 'Posted Transactions'), col(PAYMENT.posting, 'Posting'),
    ],
  },
  {
    // every line on the configs' Stripe clearing accounts (PayPack's deposit and journal lines, and what the
    // accountant books against them): what is left open is the account's balance
    id: 'customsearch_pp_clearing_lines', title: 'PayPack Stripe Clearing Account Lines', type: 'transaction',
    filters: () => {
      const accounts = clearingAccounts();
      return accounts.length ? [['mainline', 'is', 'F'], 'AND', ['account', 'anyof', ...accounts]] : undefined;
    },
    columns: [
      col('trandate', 'Date', 'DESC'), col('type', 'Type'), col('tranid', 'Number'), col('account', 'Account'), col(TRANSACTION.stripeId, 'Stripe ID'),
      col('memo', 'Memo (why)'), col('debitamount', 'Debit'), col('creditamount', 'Credit'),
    ],
  },
  {
    // succeeded charges with no NetSuite payment yet, and anything whose posting failed: the Posting column says why
    id: 'customsearch_pp_not_posted', title: 'PayPack Payments Not Posted', type: RECORD.payment,
    filters: [[PAYMENT.toPost, 'is', 'T'], 'OR', [[PAYMENT.transaction, 'anyof', '@NONE@'], 'AND', [PAYMENT.status, 'isnot', 'failed'], 'AND', [PAYMENT.status, 'isnot', 'pending']]],
    columns: [
      col(PAYMENT.created, 'Charged', 'DESC'), col(PAYMENT.customer, 'Customer'), col(PAYMENT.chargeId, 'Charge ID'), col(PAYMENT.amount, 'Amount'), col(PAYMENT.currency, 'Currency'),
      col(PAYMENT.status, 'Status'), col(PAYMENT.posting, 'Why Not Posted'),
    ],
  },
];

/** Make each search the account does not have yet (5 units to look for each, 5 more to save one, 10 to read the clearing accounts). Returns the titles made. */
export function ensureSavedSearches(): string[] {
  const made: string[] = [];
  for (const def of SAVED_SEARCHES) {
    try {
      search.load({ id: def.id });
      continue;
    } catch (e) {
      if ((e as { name?: string }).name !== 'INVALID_SEARCH') throw e;
    }
    const filters = typeof def.filters === 'function' ? def.filters() : def.filters;
    if (!filters) continue;
    search.create({
      type: def.type, id: def.id, title: def.title, isPublic: true, filters,
      columns: def.columns.map((c) => search.createColumn(c as Parameters<typeof search.createColumn>[0])),
    } as Parameters<typeof search.create>[0]).save();
    made.push(def.title);
  }
  return made;
}
