/**
 * The sync flows around syncCustomer: which config, which values, what to write back, what to log.
 * NetSuite access comes in through SyncPorts (src/netsuite implements them).
 */
import { ConfigError, configForSubsidiary, PayPackConfig } from './config';
import { CUSTOMER } from './ids';
import { ColumnValue, mapColumns } from './mapping';
import { StripeClient } from './stripe/client';
import { describeFailure, isExpectedFailure, SyncError, SyncOutcome, SyncResult, SyncSource, syncCustomer } from './sync';

export interface CustomerRow {
  customerId: string;
  name: string;
  subsidiaryId: string;
  subsidiaryName: string;
  columns: ColumnValue[];
  stripeId: string;
  syncHash: string;
  portalUrl: string;
}

export interface SyncPorts {
  configs(): PayPackConfig[];
  stripe(config: PayPackConfig): StripeClient;
  /** The customer's row of the config's sync search; undefined when the search's filters leave it out. */
  readRow(config: PayPackConfig, customerId: string): CustomerRow | undefined;
  primarySubsidiary(customerId: string): { id: string; name: string };
  writeCustomer(customerId: string, values: Record<string, unknown>): void;
  logFailure(entry: { customerId: string; source: SyncSource; configId?: string; stripeId?: string; message: string }): void;
  now(): Date;
}

export interface OneSyncResult {
  ok: boolean;
  outcome: SyncOutcome | 'skipped';
  message: string;
  customerId: string;
  stripeCustomerId?: string;
  /**
   * Customer fields written, so a form open in edit mode can show them without overwriting them on
   * save. Dates go as epoch milliseconds: a machine value, never text to guess a format from.
   */
  written: Record<string, unknown>;
  notes: string[];
}

const SAID: Record<SyncResult['outcome'], string> = {
  created: 'created a new Stripe customer',
  updated: 'updated the Stripe customer',
  linked: 'linked the existing Stripe customer with the same sync field and updated it',
  unchanged: 'nothing had changed since the last sync',
};

/** Fields to write on the customer after a primary-account sync: only those that changed. */
export function primaryWriteBack(row: Pick<CustomerRow, 'stripeId' | 'syncHash' | 'portalUrl'>, result: SyncResult, now: Date): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  if (result.stripeCustomerId !== row.stripeId) values[CUSTOMER.stripeId] = result.stripeCustomerId;
  if (result.fingerprint !== row.syncHash) values[CUSTOMER.syncHash] = result.fingerprint;
  if (result.portalUrl && result.portalUrl !== row.portalUrl) values[CUSTOMER.portalUrl] = result.portalUrl;
  if (Object.keys(values).length) values[CUSTOMER.lastSync] = now;
  return values;
}

/**
 * Sync one customer to its primary subsidiary's Stripe account (button and auto-sync).
 * Never throws for a sync that failed: it logs the failure and says what to do.
 */
export function syncPrimary(ports: SyncPorts, customerId: string, source: 'button' | 'auto', knownSubsidiary?: { id: string; name: string }): OneSyncResult {
  let config: PayPackConfig | undefined;
  let row: CustomerRow | undefined;
  const who = `customer ${customerId}`;
  try {
    const subsidiary = knownSubsidiary ?? ports.primarySubsidiary(customerId);
    const configs = ports.configs();
    // a subsidiary PayPack does not serve is no error for auto-sync (an ambiguous setup still is, below)
    if (source === 'auto' && !configs.some((c) => c.subsidiaries.length === 0 || c.subsidiaries.includes(subsidiary.id))) {
      return { ok: true, outcome: 'skipped', message: `No PayPack Config serves subsidiary ${subsidiary.name || subsidiary.id}.`, customerId, written: {}, notes: [] };
    }
    config = configForSubsidiary(configs, subsidiary, who);
    if (source === 'auto' && !config.autoSync) {
      return { ok: true, outcome: 'skipped', message: `Auto-sync is off in PayPack Config ${config.name}.`, customerId, written: {}, notes: [] };
    }
    row = ports.readRow(config, customerId);
    if (!row) {
      throw new ConfigError(`Customer ${customerId} is not in saved search ${config.syncSearchId || '(PayPack default)'} of PayPack Config ${config.name}: its filters leave the customer out. Change the search or the customer, then sync again.`);
    }
    const customerName = row.name;
    const mapped = mapColumns(row.columns, { customerId, customerName, subsidiaryId: subsidiary.id, syncField: config.syncField, searchId: config.syncSearchId || '(PayPack default)' });
    const result = syncCustomer(ports.stripe(config), {
      customerId, customerName, configId: config.id, linkedStripeId: row.stripeId, params: mapped.params,
      syncField: config.syncField, syncValue: mapped.syncValue, lastFingerprint: row.syncHash,
      portal: { returnUrl: config.portalReturnUrl || undefined },
    });
    const written = primaryWriteBack(row, result, ports.now());
    ports.writeCustomer(customerId, written);
    const message = `PayPack ${SAID[result.outcome]} ${result.stripeCustomerId} for ${customerName}.${result.notes.length ? ` ${result.notes.join(' ')}` : ''}`;
    const answer = Object.fromEntries(Object.entries(written).map(([k, v]) => [k, v instanceof Date ? v.getTime() : v]));
    return { ok: true, outcome: result.outcome, message, customerId, stripeCustomerId: result.stripeCustomerId, written: answer, notes: result.notes };
  } catch (e) {
    if (!isExpectedFailure(e)) throw e;
    const message = describeFailure(e, config?.secretId || '');
    const stripeId = e instanceof SyncError ? e.stripeCustomerId : row?.stripeId;
    ports.logFailure({ customerId, source, configId: config?.id, stripeId, message });
    return { ok: false, outcome: 'failed', message, customerId, stripeCustomerId: stripeId, written: {}, notes: [] };
  }
}


/** One unit of mass sync work: a customer in one subsidiary served by one config (built by getInputData). */
export interface MassWork {
  customerId: string;
  name: string;
  subsidiaryId: string;
  primary: boolean;
  config: Pick<PayPackConfig, 'id' | 'name' | 'secretId' | 'syncField' | 'massSearchId'>;
  columns: ColumnValue[];
  stripeId: string;
  syncHash: string;
  linkId?: string;
}

export interface MassPorts {
  stripe(config: MassWork['config']): StripeClient;
  writeCustomer(customerId: string, values: Record<string, unknown>): void;
  writeLink(linkId: string | undefined, values: { customerId: string; configId: string; stripeId: string; syncHash: string; lastSync: Date }): void;
  logFailure(entry: { customerId: string; source: SyncSource; configId?: string; stripeId?: string; message: string }): void;
  now(): Date;
}

/** Mass sync of one work item: primary subsidiary into the customer's fields, others into a customer link. */
export function syncMassItem(ports: MassPorts, work: MassWork): { outcome: SyncOutcome; message?: string } {
  try {
    const searchId = work.config.massSearchId || '(PayPack default)';
    const mapped = mapColumns(work.columns, { customerId: work.customerId, customerName: work.name, subsidiaryId: work.subsidiaryId, syncField: work.config.syncField, searchId });
    const result = syncCustomer(ports.stripe(work.config), {
      customerId: work.customerId, customerName: work.name, configId: work.config.id, linkedStripeId: work.stripeId, params: mapped.params,
      syncField: work.config.syncField, syncValue: mapped.syncValue, lastFingerprint: work.syncHash,
    });
    if (result.outcome === 'unchanged') return { outcome: 'unchanged' };
    if (work.primary) {
      ports.writeCustomer(work.customerId, primaryWriteBack({ stripeId: work.stripeId, syncHash: work.syncHash, portalUrl: '' }, result, ports.now()));
    } else {
      ports.writeLink(work.linkId, { customerId: work.customerId, configId: work.config.id, stripeId: result.stripeCustomerId, syncHash: result.fingerprint, lastSync: ports.now() });
    }
    return { outcome: result.outcome };
  } catch (e) {
    if (!isExpectedFailure(e)) throw e;
    const message = describeFailure(e, work.config.secretId);
    ports.logFailure({ customerId: work.customerId, source: 'mass', configId: work.config.id, stripeId: e instanceof SyncError ? e.stripeCustomerId || work.stripeId : work.stripeId, message });
    return { outcome: 'failed', message };
  }
}

export type MassCounts = Record<SyncOutcome, number>;

export function summarizeCounts(counts: MassCounts): string {
  return `created ${counts.created}, updated ${counts.updated}, linked ${counts.linked}, unchanged ${counts.unchanged}, failed ${counts.failed}`;
}
