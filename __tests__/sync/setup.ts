/** A NetSuite account set up as an admin would for customer sync, with one Stripe account per config. */
import * as record from 'N/record';
import { createWorld, connectStripe, TEST_SECRET_ID, World } from '../../emulator/world';
import { installScriptModules, metered, runClient, runMapReduce, runSubmit, runSuitelet, UserInfo } from '../../emulator/netsuite';
import { StripeDouble } from '../../emulator/stripe';
import { compiled } from '../compiled';
import { CONFIG, RECORD, SCRIPT } from '../../src/core/ids';
import { DEFAULT_COLUMNS } from '../../src/core/mapping';

export const EU_SECRET_ID = 'custsecret_pp_stripe_sk_eu';
export const EU_STRIPE_KEY = `sk_test_${'PayPackEurope'.padEnd(24, '0')}`;

export interface SyncWorld extends World {
  parent: number;
  europe: number;
  euStripe: StripeDouble;
  parentConfig: number;
  europeConfig: number;
  /** Milliseconds the account's clock moved since `since` (the bundle's backoff waits make it move). */
  elapsed(since: number): number;
}

/** PayPack's default columns, a metadata column, and one column that is not a Stripe parameter (not sent). */
export const SYNC_COLUMNS = [...DEFAULT_COLUMNS, { name: 'comments', label: 'metadata[notes]' }, { name: 'entityid', label: 'Customer ID' }];

export function syncWorld(): SyncWorld {
  const w = createWorld();
  const euStripe = new StripeDouble({ apiKeys: [EU_STRIPE_KEY] });
  euStripe.clock = w.stripe.clock;
  connectStripe(w.account, w.stripe, euStripe);
  w.account.setSecret(EU_SECRET_ID, EU_STRIPE_KEY, ['api.stripe.com']);
  const parent = w.account.addSubsidiary('Parent Co');
  const europe = w.account.addSubsidiary('Europe BV');
  for (const id of ['customsearch_pp_sync', 'customsearch_pp_mass']) {
    w.account.addSavedSearch({ id, type: 'customer', filters: [{ name: 'isinactive', operator: 'is', values: ['F'] }], columns: SYNC_COLUMNS });
  }
  const config = (name: string, subsidiary: number, secret: string) => {
    const r = record.create({ type: RECORD.config });
    r.setValue({ fieldId: 'name', value: name });
    r.setValue({ fieldId: CONFIG.subsidiaries, value: [String(subsidiary)] });
    r.setValue({ fieldId: CONFIG.secret, value: secret });
    r.setValue({ fieldId: CONFIG.syncSearch, value: 'customsearch_pp_sync' });
    r.setValue({ fieldId: CONFIG.massSearch, value: 'customsearch_pp_mass' });
    r.setValue({ fieldId: CONFIG.portalReturnUrl, value: 'https://example.com/account' });
    return r.save();
  };
  const parentConfig = config('Parent Stripe', parent, TEST_SECRET_ID);
  const europeConfig = config('Europe Stripe', europe, EU_SECRET_ID);
  // the shipped file answers the button's https call
  installScriptModules({ [SCRIPT.slSync.scriptId]: compiled('pp_sl_sync') });
  const elapsed = (since: number) => w.account.now().getTime() - since;
  return { ...w, euStripe, parent, europe, parentConfig, europeConfig, elapsed };
}

export const ACCOUNTANT: UserInfo = {
  id: 7, name: 'Ann Accountant', email: 'ann@example.com', role: 'accountant', roleId: '1007', subsidiary: 1,
  permissions: { LIST_CUSTJOB: 3 },
};

/** An accountant clicks PayPack Sync on the customer page (the client calls the Suitelet). */
export function clickSync(w: SyncWorld, customerId: number, user: UserInfo = ACCOUNTANT, mode: 'view' | 'edit' = 'edit') {
  const mark = w.account.meter.mark();
  const calls = w.stripe.calls.length + w.euStripe.calls.length;
  const before = w.account.messagesShown.length;
  runClient(compiled('pp_cs_customer'), 'paypackSync', { recordType: 'customer', id: customerId, user, args: [], mode });
  const inv = w.account.meter.since(mark);
  return {
    message: w.account.messagesShown.slice(before)[0],
    suiteletUnits: inv.filter((i) => i.kind === 'suitelet').reduce((s, i) => s + i.used, 0),
    clientUnits: inv.filter((i) => i.kind === 'client').reduce((s, i) => s + i.used, 0),
    stripeCalls: w.stripe.calls.length + w.euStripe.calls.length - calls,
  };
}

/** The sync Suitelet called directly (what the client's https.post reaches). */
export function callSyncSuitelet(customerId: number | string, user: UserInfo = ACCOUNTANT) {
  const res = runSuitelet(compiled('pp_sl_sync'), { scriptId: SCRIPT.slSync.scriptId, user }, { method: 'POST', parameters: { customerId: String(customerId) } });
  return { ...res, json: JSON.parse(res.body) };
}

/** A user creates a customer in the UI: auto-sync runs in afterSubmit. */
export function createCustomer(w: SyncWorld, values: Record<string, unknown>, sublists?: Record<string, Array<Record<string, unknown>>>) {
  const calls = w.stripe.calls.length + w.euStripe.calls.length;
  const run = runSubmit(compiled('pp_ue_customer'), { scriptId: SCRIPT.ueCustomer.scriptId, user: ACCOUNTANT }, { type: 'create', recordType: 'customer', values: { isperson: false, subsidiary: String(w.parent), ...values }, sublists });
  return { ...run, stripeCalls: w.stripe.calls.length + w.euStripe.calls.length - calls };
}

export function massSync(w: SyncWorld) {
  return metered(() => runMapReduce(compiled('pp_mr_custsync'), { scriptId: SCRIPT.mrCustSync.scriptId }), w.account).result;
}

export function syncLogRows(w: SyncWorld) {
  return w.account.all(RECORD.syncLog).map((r) => r.fields);
}
