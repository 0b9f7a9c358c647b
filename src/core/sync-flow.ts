/**
 * The sync flows around syncCustomer: which config, which values, what to write back, what to log.
 * NetSuite access comes in through SyncPorts (src/netsuite implements them).
 */
import { ConfigError, configForSubsidiary, PayPackConfig } from './config';
import { CUSTOMER } from './ids';
import { isLinkFor } from './portal-link';
import { ColumnValue, mapColumns } from './mapping';
import { StripeClient, StripeError } from './stripe/client';
import { describeFailure, isExpectedFailure, SyncError, SyncOutcome, SyncResult, SyncSource, syncCustomer, versionAfterFailure } from './sync';

export interface CustomerRow {
  customerId: string;
  name: string;
  subsidiaryId: string;
  subsidiaryName: string;
  columns: ColumnValue[];
  stripeId: string;
  syncHash: string;
  portalUrl: string;
  /** The customer's Date Created (epoch ms, 0 when unknown). */
  createdAt: number;
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
  /** A new durable customer portal link for the customer in the config's Stripe account (no Stripe call). */
  portalLink(customerId: string, configId: string): string;
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
}

const SAID: Record<SyncResult['outcome'], string> = {
  created: 'created a new Stripe customer',
  updated: 'updated the Stripe customer',
  linked: 'linked the existing Stripe customer with the same sync field and updated it',
  unchanged: 'nothing had changed since the last sync',
};

/**
 * A portal link only when the customer has none of ours for this config's account (first sync, a
 * link an admin blanked to revoke it, or an old one): the link does not change from sync to sync.
 */
function missingPortalLink(ports: Pick<SyncPorts, 'portalLink'>, current: string, customerId: string, configId: string): string | undefined {
  return isLinkFor(current, customerId, configId) ? undefined : ports.portalLink(customerId, configId);
}

/** Fields to write on the customer after a primary-account sync: only those that changed. */
export function primaryWriteBack(row: Pick<CustomerRow, 'stripeId' | 'syncHash'>, result: SyncResult, now: Date, newPortalLink?: string): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  if (result.stripeCustomerId !== row.stripeId) values[CUSTOMER.stripeId] = result.stripeCustomerId;
  if (result.fingerprint !== row.syncHash) values[CUSTOMER.syncHash] = result.fingerprint;
  if (newPortalLink) values[CUSTOMER.portalUrl] = newPortalLink;
  if (Object.keys(values).length) values[CUSTOMER.lastSync] = now;
  return values;
}

/**
 * Sync one customer to its primary subsidiary's Stripe account (button and auto-sync).
 * Never throws for a sync that failed: it logs the failure and says what to do.
 */
export function syncPrimary(ports: SyncPorts, customerId: string, source: 'button' | 'auto' | 'pay', knownSubsidiary?: { id: string; name: string }, options: { webStore?: boolean } = {}): OneSyncResult {
  let config: PayPackConfig | undefined;
  let row: CustomerRow | undefined;
  const who = `customer ${customerId}`;
  try {
    const subsidiary = knownSubsidiary ?? ports.primarySubsidiary(customerId);
    const configs = ports.configs();
    // a subsidiary PayPack does not serve is no error for auto-sync (an ambiguous setup still is, below)
    if (source === 'auto' && !configs.some((c) => c.subsidiaries.length === 0 || c.subsidiaries.includes(subsidiary.id))) {
      return { ok: true, outcome: 'skipped', message: `No PayPack Config serves subsidiary ${subsidiary.name || subsidiary.id}.`, customerId, written: {} };
    }
    config = configForSubsidiary(configs, subsidiary, who);
    if (source === 'auto' && !config.autoSync) {
      return { ok: true, outcome: 'skipped', message: `Auto-sync is off in PayPack Config ${config.name}.`, customerId, written: {} };
    }
    // anyone on the internet can sign up in the web store: no Stripe customer for them unless the admin asks
    if (source === 'auto' && options.webStore && !config.autoSyncWebStore) {
      return { ok: true, outcome: 'skipped', message: `A web store sign-up: Auto-Sync Web Store Sign-Ups is off in PayPack Config ${config.name}, so PayPack Sync or the mass sync links it.`, customerId, written: {} };
    }
    row = ports.readRow(config, customerId);
    if (!row) {
      throw new ConfigError(`Customer ${customerId} is not in saved search ${config.syncSearchId || '(PayPack default)'} of PayPack Config ${config.name}: its filters leave the customer out. Change the search or the customer, then sync again.`);
    }
    const customerName = row.name;
    const mapped = mapColumns(row.columns, { customerId, customerName, subsidiaryId: subsidiary.id, syncField: config.syncField, searchId: config.syncSearchId || '(PayPack default)' });
    const result = syncCustomer(ports.stripe(config), {
      customerId, customerName, configId: config.id, linkedStripeId: row.stripeId, params: mapped.params,
      syncField: config.syncField, syncValue: mapped.syncValue, lastFingerprint: row.syncHash, customerCreatedAt: row.createdAt, now: ports.now().getTime(),
    });
    const written = primaryWriteBack(row, result, ports.now(), missingPortalLink(ports, row.portalUrl, customerId, config.id));
    ports.writeCustomer(customerId, written);
    const message = `PayPack ${SAID[result.outcome]} ${result.stripeCustomerId} for ${customerName}.`;
    const answer = Object.fromEntries(Object.entries(written).map(([k, v]) => [k, v instanceof Date ? v.getTime() : v]));
    return { ok: true, outcome: result.outcome, message, customerId, stripeCustomerId: result.stripeCustomerId, written: answer };
  } catch (e) {
    if (!isExpectedFailure(e)) throw e;
    const message = describeFailure(e, config?.secretId || '');
    const stripeId = e instanceof SyncError ? e.stripeCustomerId : row?.stripeId;
    ports.logFailure({ customerId, source, configId: config?.id, stripeId, message });
    if (row && mayBeSaved(e)) ports.writeCustomer(customerId, { [CUSTOMER.syncHash]: versionAfterFailure(row.syncHash, ports.now()) });
    return { ok: false, outcome: 'failed', message, customerId, stripeCustomerId: stripeId, written: {} };
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
  /** The customer's portal link (primary subsidiary only; '' for a customer link). */
  portalUrl: string;
  linkId?: string;
  /** The customer's Date Created (epoch ms, 0 when unknown). */
  createdAt: number;
}

export interface MassPorts {
  stripe(config: MassWork['config']): StripeClient;
  writeCustomer(customerId: string, values: Record<string, unknown>): void;
  /** lastSync only after a successful sync. */
  writeLink(linkId: string | undefined, values: { customerId: string; configId: string; stripeId: string; syncHash: string; lastSync?: Date }): void;
  logFailure(entry: { customerId: string; source: SyncSource; configId?: string; stripeId?: string; message: string }): void;
  now(): Date;
  portalLink(customerId: string, configId: string): string;
}

/** Mass sync of one work item: primary subsidiary into the customer's fields, others into a customer link. */
export function syncMassItem(ports: MassPorts, work: MassWork): { outcome: SyncOutcome; message?: string } {
  try {
    const searchId = work.config.massSearchId || '(PayPack default)';
    const mapped = mapColumns(work.columns, { customerId: work.customerId, customerName: work.name, subsidiaryId: work.subsidiaryId, syncField: work.config.syncField, searchId });
    const result = syncCustomer(ports.stripe(work.config), {
      customerId: work.customerId, customerName: work.name, configId: work.config.id, linkedStripeId: work.stripeId, params: mapped.params,
      syncField: work.config.syncField, syncValue: mapped.syncValue, lastFingerprint: work.syncHash, customerCreatedAt: work.createdAt, now: ports.now().getTime(),
    });
    const link = work.primary ? missingPortalLink(ports, work.portalUrl, work.customerId, work.config.id) : undefined;
    if (result.outcome === 'unchanged' && !link) return { outcome: 'unchanged' };
    if (work.primary) {
      ports.writeCustomer(work.customerId, primaryWriteBack({ stripeId: work.stripeId, syncHash: work.syncHash }, result, ports.now(), link));
    } else {
      ports.writeLink(work.linkId, { customerId: work.customerId, configId: work.config.id, stripeId: result.stripeCustomerId, syncHash: result.fingerprint, lastSync: ports.now() });
    }
    return { outcome: result.outcome };
  } catch (e) {
    if (!isExpectedFailure(e)) throw e;
    const message = describeFailure(e, work.config.secretId);
    if (mayBeSaved(e)) {
      // the next try must get new idempotency keys: keep the moved version where this work item's version lives
      const version = versionAfterFailure(work.syncHash, ports.now());
      if (work.primary) ports.writeCustomer(work.customerId, { [CUSTOMER.syncHash]: version });
      else ports.writeLink(work.linkId, { customerId: work.customerId, configId: work.config.id, stripeId: work.stripeId, syncHash: version });
    }
    ports.logFailure({ customerId: work.customerId, source: 'mass', configId: work.config.id, stripeId: e instanceof SyncError ? e.stripeCustomerId || work.stripeId : work.stripeId, message });
    return { outcome: 'failed', message };
  }
}

/** Stripe answered 5xx: it may have saved that answer for the keys used, so the next try must not reuse them. */
function mayBeSaved(e: unknown): boolean {
  return e instanceof StripeError && e.status >= 500;
}

export type MassCounts = Record<SyncOutcome, number>;

export function summarizeCounts(counts: MassCounts): string {
  return `created ${counts.created}, updated ${counts.updated}, linked ${counts.linked}, unchanged ${counts.unchanged}, failed ${counts.failed}`;
}
