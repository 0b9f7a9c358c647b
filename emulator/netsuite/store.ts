/**
 * The leaf of the NetSuite account double: the shapes every part shares (a stored record, the
 * transaction types and their costs, a saved search definition) and the narrow views of the account
 * that the books and the search engine work on. It imports nothing of the account, so account.ts,
 * books.ts and search-engine.ts depend on it and not on each other.
 */
import type { DateKind, DatePreferences } from './dates';

export type Values = Record<string, unknown>;

export interface StoredRecord {
  type: string;
  id: number;
  version: number;
  fields: Values;
  texts: Record<string, string>;
  sublists: Record<string, Values[]>;
}

export const TRANSACTION_TYPES = new Set([
  'salesorder', 'invoice', 'cashsale', 'creditmemo', 'customerpayment', 'customerdeposit', 'estimate',
  'returnauthorization', 'journalentry', 'purchaseorder', 'vendorbill', 'itemfulfillment', 'customerrefund', 'deposit',
]);

/** Is this a transaction record type (one record group: an external id is unique across all of them)? */
export function isTransaction(type: string): boolean {
  return TRANSACTION_TYPES.has(type);
}

/** NetSuite's three cost classes for record operations. */
export function costClass(type: string): 'transaction' | 'custom' | 'standard' {
  if (TRANSACTION_TYPES.has(type)) return 'transaction';
  if (type.startsWith('customrecord')) return 'custom';
  return 'standard';
}
const COSTS = {
  load: { transaction: 10, custom: 2, standard: 5 },
  save: { transaction: 20, custom: 4, standard: 10 },
  submitFields: { transaction: 10, custom: 2, standard: 5 },
  delete: { transaction: 20, custom: 4, standard: 10 },
};
export function recordCost(op: keyof typeof COSTS, type: string): number {
  return COSTS[op][costClass(type)];
}

/** Transaction types the books model (others are refused: no silent half-model). */
export const BOOK_TYPES = new Set(['invoice', 'customerpayment', 'creditmemo', 'customerrefund', 'deposit', 'journalentry']);


/** NetSuite's search `type` of each transaction (Transaction search, column `type`). */
export const TRANSACTION_SEARCH_TYPE: Record<string, string> = {
  invoice: 'CustInvc', customerpayment: 'CustPymt', creditmemo: 'CustCred', customerrefund: 'CustRfnd', deposit: 'Deposit', journalentry: 'Journal',
};

export interface ColumnSpec {
  name: string;
  join?: string;
  summary?: string;
  label?: string;
  sort?: string;
  formula?: string;
}
export interface FilterSpec {
  name: string;
  join?: string;
  operator: string;
  values: unknown[];
  formula?: string;
}
/** A filter expression as SuiteScript takes it: terms [name, operator, ...values] joined by 'AND'/'OR', 'NOT' prefix, nesting. */
export type FilterExpression = unknown[];

export interface SavedSearchDef {
  id: string;
  type: string;
  title?: string;
  filters?: FilterSpec[];
  filterExpression?: FilterExpression;
  columns: Array<ColumnSpec | string>;
}

/** What the books read and write of the account. */
export interface RecordStore {
  now(): Date;
  find(type: string, id: number | string): StoredRecord | undefined;
  get(type: string, id: number | string): StoredRecord;
  all(type: string): StoredRecord[];
  write(type: string, values: Values, opts?: { id?: number; texts?: Record<string, string>; sublists?: Record<string, Values[]>; expectVersion?: number }): StoredRecord;
}

/** What the search engine reads of the account. */
export interface SearchSource {
  readonly recordTypes: { size: number; has(type: string): boolean };
  find(type: string, id: number | string): StoredRecord | undefined;
  all(type: string): StoredRecord[];
  externalIdHolder(type: string, externalId: string): StoredRecord | undefined;
  subsidiaryRelationships(customerId: number | string): StoredRecord[];
  visibleToUser(type: string, rec: { fields: Values }): boolean;
  selectTarget(type: string, fieldId: string): string | undefined;
  textOf(rec: StoredRecord, fieldId: string): string;
  dateText(type: string, fieldId: string, value: Date): string;
  dateKind(type: string, fieldId: string): DateKind;
  datePreferences(): DatePreferences;
  /** A Transaction search money column (`amount`, `fxamountremaining`, ...) of a transaction, or undefined for any other column. */
  transactionColumn(rec: StoredRecord, column: string): unknown;
}
