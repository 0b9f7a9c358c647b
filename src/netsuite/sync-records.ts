/** Writes of a sync: the customer's own fields, customer link records, sync log rows. */
import * as record from 'N/record';
import * as search from 'N/search';
import { LINK, RECORD, SYNC_LOG } from '../core/ids';
import { SyncSource } from '../core/sync';
import { forSubmitFields } from './field-values';

/** submitFields on the customer (5 units), only with what changed. */
export function writeCustomerFields(customerId: string, values: Record<string, unknown>): void {
  if (Object.keys(values).length === 0) return;
  record.submitFields({ type: 'customer', id: customerId, values: forSubmitFields(values), options: { enableSourcing: false, ignoreMandatoryFields: true } });
}

export interface LinkRow { id: string; customerId: string; configId: string; stripeId: string; syncHash: string }

/** Every customer link, keyed customer|config (one paged search; for the mass sync's input). */
export function allLinks(): Map<string, LinkRow> {
  const out = new Map<string, LinkRow>();
  const paged = search.create({ type: RECORD.customerLink, filters: [['isinactive', 'is', 'F']], columns: [LINK.customer, LINK.config, LINK.stripeId, LINK.syncHash] }).runPaged({ pageSize: 1000 });
  for (const range of paged.pageRanges) {
    for (const r of paged.fetch({ index: range.index }).data) {
      const row = { id: r.id, customerId: String(r.getValue(LINK.customer)), configId: String(r.getValue(LINK.config)), stripeId: String(r.getValue(LINK.stripeId) || ''), syncHash: String(r.getValue(LINK.syncHash) || '') };
      out.set(`${row.customerId}|${row.configId}`, row);
    }
  }
  return out;
}

/** Create (6 units) or update (2 units) the link of a customer in a non-primary subsidiary's Stripe account. */
export function writeLink(linkId: string | undefined, values: { customerId: string; configId: string; stripeId: string; syncHash: string; lastSync?: Date }): string {
  const fields: Record<string, unknown> = { [LINK.stripeId]: values.stripeId, [LINK.syncHash]: values.syncHash };
  if (values.lastSync) fields[LINK.lastSync] = values.lastSync;
  if (linkId) {
    record.submitFields({ type: RECORD.customerLink, id: linkId, values: forSubmitFields(fields) });
    return linkId;
  }
  const rec = record.create({ type: RECORD.customerLink });
  rec.setValue({ fieldId: LINK.customer, value: values.customerId });
  rec.setValue({ fieldId: LINK.config, value: values.configId });
  for (const [k, v] of Object.entries(fields)) rec.setValue({ fieldId: k, value: v as string });
  return String(rec.save());
}

export interface SyncLogEntry {
  customerId?: string;
  /** The sync that failed, 'portal' for a customer portal link that could not open, 'payments' for the payments job, 'autopay' for an Autopay attempt. */
  source: SyncSource | 'portal' | 'payments' | 'autopay';
  configId?: string;
  stripeId?: string;
  outcome: string;
  message: string;
}

/** One sync log row (6 units): a failed sync, or a mass sync run's summary. */
export function writeSyncLog(entry: SyncLogEntry): void {
  const rec = record.create({ type: RECORD.syncLog });
  if (entry.customerId) rec.setValue({ fieldId: SYNC_LOG.customer, value: entry.customerId });
  rec.setValue({ fieldId: SYNC_LOG.source, value: entry.source });
  if (entry.configId) rec.setValue({ fieldId: SYNC_LOG.config, value: entry.configId });
  if (entry.stripeId) rec.setValue({ fieldId: SYNC_LOG.stripeId, value: entry.stripeId });
  rec.setValue({ fieldId: SYNC_LOG.outcome, value: entry.outcome });
  rec.setValue({ fieldId: SYNC_LOG.message, value: entry.message.slice(0, 4000) });
  rec.save();
}


/**
 * Can the running user see this customer? Role restrictions (subsidiaries, own customers only)
 * hide a customer from the user's searches and lookups (1 unit): such a customer is not theirs to sync.
 */
export function userSeesCustomer(customerId: string): boolean {
  try {
    return !!search.lookupFields({ type: 'customer', id: customerId, columns: ['entityid'] }).entityid;
  } catch {
    return false;
  }
}
