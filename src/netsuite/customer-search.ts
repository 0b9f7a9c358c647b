/** Customer values through the configured saved searches (their labelled columns name the Stripe fields). */
import * as cache from 'N/cache';
import * as format from 'N/format';
import * as search from 'N/search';
import { ColumnValue, DEFAULT_COLUMNS } from '../core/mapping';
import { CustomerRow } from '../core/sync-flow';
import { CUSTOMER } from '../core/ids';

export interface ColumnDef { name: string; join?: string; label?: string; formula?: string; summary?: string }
export interface SearchDefinition { id: string; type: string; columns: ColumnDef[]; filterExpression: unknown[] }

const CACHE = { name: 'paypack', scope: cache.Scope.PROTECTED };
const TTL_SECONDS = 300;

/** The built-in search used when a config names none: active customers, the usual contact fields. */
export const DEFAULT_SEARCH: SearchDefinition = {
  id: '(PayPack default)', type: 'customer', columns: DEFAULT_COLUMNS, filterExpression: [['isinactive', 'is', 'F']],
};

/** A saved search's definition, cached for five minutes (search.load costs 5 units a time). */
export function searchDefinition(searchId: string): SearchDefinition {
  if (!searchId) return DEFAULT_SEARCH;
  const raw = cache.getCache(CACHE).get({
    key: `search:${searchId}`,
    ttl: TTL_SECONDS,
    loader: () => {
      const s = search.load({ id: searchId });
      const columns = (s.columns as search.Column[]).map((c) => ({ name: c.name, join: c.join || undefined, label: c.label || undefined, formula: c.formula || undefined, summary: c.summary || undefined }));
      return JSON.stringify({ id: searchId, type: s.searchType, columns, filterExpression: s.filterExpression });
    },
  });
  return JSON.parse(raw as string) as SearchDefinition;
}

/** Columns PayPack reads besides the mapped ones. */
export const EXTRA_COLUMNS = {
  name: { name: 'entityid' },
  subsidiary: { name: 'subsidiary' },
  stripeId: { name: CUSTOMER.stripeId },
  syncHash: { name: CUSTOMER.syncHash },
  portalUrl: { name: CUSTOMER.portalUrl },
  created: { name: 'datecreated' },
} as const;

export function toColumns(defs: ColumnDef[]): search.Column[] {
  return defs.map((d) => search.createColumn({ name: d.name, join: d.join, label: d.label, formula: d.formula, summary: d.summary as search.Summary | undefined }));
}

export function withFilter(def: SearchDefinition, extra: unknown[]): unknown[] {
  return def.filterExpression && def.filterExpression.length ? [def.filterExpression, 'AND', extra] : [extra];
}

export function mappedValues(result: search.Result, columns: search.Column[], defs: ColumnDef[]): ColumnValue[] {
  return defs.map((d, i) => ({
    label: d.label || '',
    field: d.join ? `${d.join}.${d.name}` : d.name,
    value: result.getValue(columns[i]),
    text: result.getText(columns[i]),
  }));
}


/** One customer's row of a sync search (one getRange: 10 units), or undefined when its filters leave the customer out. */
export function readCustomerRow(def: SearchDefinition, customerId: string): CustomerRow | undefined {
  const mapped = toColumns(def.columns);
  const extras = toColumns(Object.values(EXTRA_COLUMNS));
  const [name, subsidiary, stripeId, syncHash, portalUrl, created] = extras;
  const rows = search.create({ type: def.type, filters: withFilter(def, ['internalid', 'anyof', customerId]), columns: [...mapped, ...extras] })
    .run().getRange({ start: 0, end: 1 });
  const r = rows[0];
  if (!r) return undefined;
  return {
    customerId: r.id,
    name: String(r.getValue(name) || r.id),
    subsidiaryId: String(r.getValue(subsidiary) || ''),
    subsidiaryName: String(r.getText(subsidiary) || ''),
    columns: mappedValues(r, mapped, def.columns),
    stripeId: String(r.getValue(stripeId) || '').trim(),
    syncHash: String(r.getValue(syncHash) || ''),
    portalUrl: String(r.getValue(portalUrl) || ''),
    createdAt: createdAt(r.getValue(created)),
  };
}

/**
 * The customer's Date Created as epoch ms (0 when unknown). A search hands it over as text in the
 * user's format and time zone: N/format reads it, never new Date().
 */
export function createdAt(text: unknown): number {
  if (!text) return 0;
  try {
    const d = format.parse({ value: String(text), type: format.Type.DATETIME });
    return d instanceof Date ? d.getTime() : 0;
  } catch {
    return 0;
  }
}
