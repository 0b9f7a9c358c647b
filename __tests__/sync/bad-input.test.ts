/** Bad input: each a clear message naming the customer and what to do, recorded in the sync log, nothing lost. */
import { CUSTOMER, RECORD } from '../../src/core/ids';
import { clickSync, massSync, syncLogRows, syncWorld, SyncWorld } from './setup';

let w: SyncWorld;
beforeEach(() => { w = syncWorld(); });

function failure(id: number, configId: number | null = w.parentConfig) {
  const r = clickSync(w, id);
  expect(r.message.type).toBe('ERROR');
  const row = syncLogRows(w).pop()!;
  expect(row).toMatchObject({ custrecord_pp_sl_customer: String(id), custrecord_pp_sl_source: 'button', custrecord_pp_sl_outcome: 'failed' });
  expect(row.custrecord_pp_sl_config).toBe(configId === null ? undefined : String(configId));
  return { shown: r.message.message as string, logged: row.custrecord_pp_sl_message as string, calls: r.stripeCalls };
}

test('no email while email is the sync field', () => {
  const id = w.account.addCustomer({ companyname: 'No Mail', email: '', subsidiary: String(w.parent) });
  const f = failure(id);
  expect(f.logged).toBe(`Customer No Mail (internal id ${id}) has no email, and email is the sync field that finds its Stripe customer. Enter an email on the customer (or fill STRIPE CUSTOMER ID) and sync again.`);
  expect(f.calls).toBe(0);
});

test('an invalid email', () => {
  const id = w.account.addCustomer({ companyname: 'Typo', email: 'ap@acme', subsidiary: String(w.parent) });
  expect(failure(id).logged).toMatch(/^The email "ap@acme" of customer Typo \(internal id \d+\) is not a valid email address\. Correct it on the customer and sync again\.$/);
});

test('several Stripe customers with the email and none linked: their ids are listed and none is linked', () => {
  const a = w.stripe.seedCustomer({ email: 'dup@dup.test' });
  const b = w.stripe.seedCustomer({ email: 'dup@dup.test' });
  const id = w.account.addCustomer({ companyname: 'Dup', email: 'dup@dup.test', subsidiary: String(w.parent) });
  const f = failure(id);
  expect(f.logged).toContain('2 Stripe customers have the email "dup@dup.test"');
  expect(f.logged).toContain(String(a.id));
  expect(f.logged).toContain(String(b.id));
  expect(f.logged).toContain('None was linked');
  // no one Stripe customer is the failure's: the log's Stripe customer stays blank
  expect(syncLogRows(w).pop()!.custrecord_pp_sl_stripe_id || '').toBe('');
  expect(w.account.get('customer', id).fields[CUSTOMER.stripeId] ?? '').toBe('');
  expect(w.stripe.calls.filter((c) => c.method === 'POST')).toHaveLength(0);
});

test('a STRIPE CUSTOMER ID Stripe does not know (deleted, or the other mode)', () => {
  const gone = w.stripe.seedCustomer({ email: 'gone@x.test' });
  w.stripe.store().customers.get(gone.id as string)!.deleted = true;
  const id = w.account.addCustomer({ companyname: 'Ghost', email: 'gone@x.test', subsidiary: String(w.parent), [CUSTOMER.stripeId]: gone.id });
  const f = failure(id);
  expect(f.logged).toContain(`Stripe has no customer ${gone.id}`);
  expect(f.logged).toContain('Blank STRIPE CUSTOMER ID and sync again');
  expect(syncLogRows(w).pop()!.custrecord_pp_sl_stripe_id).toBe(gone.id);
  const live = w.stripe.seedCustomer({ email: 'live@x.test' }, 'live');
  const id2 = w.account.addCustomer({ companyname: 'Live id', email: 'live@x.test', subsidiary: String(w.parent), [CUSTOMER.stripeId]: live.id });
  expect(failure(id2).logged).toContain('other mode (test/live)');
});

test('a config whose API secret is missing, or whose key Stripe refuses (401)', () => {
  const id = w.account.addCustomer({ companyname: 'Keyless', email: 'k@x.test', subsidiary: String(w.parent) });
  w.account.secrets.delete('custsecret_pp_stripe_sk');
  expect(failure(id).logged).toMatch(/^The API secret custsecret_pp_stripe_sk named by the PayPack Config cannot be used: .*Setup > Company > API Secrets/);
  w.account.setSecret('custsecret_pp_stripe_sk', `sk_test_${'revoked'.repeat(4)}`);
  const f = failure(id);
  expect(f.logged).toBe('Stripe refused the API key in API secret custsecret_pp_stripe_sk (401). Put a valid Stripe secret key for this account in that API secret (Setup > Company > API Secrets).');
  expect(f.logged).not.toContain('revoked');
});

test('a metadata value too long is an error naming the column, never cut', () => {
  const id = w.account.addCustomer({ companyname: 'Chatty', email: 'c@x.test', comments: 'x'.repeat(612), subsidiary: String(w.parent) });
  expect(failure(id).logged).toBe(`Column "metadata[notes]" of saved search customsearch_pp_sync holds 612 characters for customer Chatty (internal id ${id}); Stripe metadata values hold at most 500. Shorten the value in NetSuite or send a shorter formula column.`);
  expect(w.stripe.calls).toHaveLength(0);
});

test('names with quotes, HTML and non-Latin letters go to Stripe as they are and are shown escaped', () => {
  const name = `<b>O'Brien & "Søn"</b> 株式会社`;
  const id = w.account.addCustomer({ companyname: name, email: 'o@x.test', subsidiary: String(w.parent) });
  const r = clickSync(w, id);
  expect(r.message.type).toBe('CONFIRMATION');
  const sc = [...w.stripe.store().customers.values()][0];
  expect(sc.name).toBe(name);
  expect(r.message.message).toContain('&lt;b&gt;O&#39;Brien &amp; &quot;Søn&quot;&lt;/b&gt; 株式会社');
  expect(r.message.message).not.toContain('<b>');
});

test('no config serves the subsidiary, or two do: the message says which and what to change', () => {
  const other = w.account.addSubsidiary('Asia Pte');
  const id = w.account.addCustomer({ companyname: 'Far', email: 'f@x.test', subsidiary: String(other) });
  expect(failure(id, null).logged).toBe(`No PayPack Config serves subsidiary Asia Pte of customer ${id}. Add the subsidiary to the PayPack Config of its Stripe account (Customization > Lists, Records, & Fields > Record Types > PayPack Config).`);
  w.account.get(RECORD.config, w.europeConfig).fields.custrecord_pp_cfg_subsidiaries = [String(w.europe), String(w.parent)];
  w.account.caches.clear();
  const id2 = w.account.addCustomer({ companyname: 'Twice', email: 't@x.test', subsidiary: String(w.parent) });
  expect(clickSync(w, id2).message.message).toContain('2 PayPack Configs serve subsidiary Parent Co');
});

test('a customer the config\'s saved search leaves out (inactive): nothing sent, the message names the search and the config', () => {
  const id = w.account.addCustomer({ companyname: 'Dormant', email: 'd@x.test', subsidiary: String(w.parent), isinactive: true });
  const f = failure(id);
  expect(f.logged).toBe(`Customer ${id} is not in saved search customsearch_pp_sync of PayPack Config Parent Stripe: its filters leave the customer out. Change the search or the customer, then sync again.`);
  expect(f.calls).toBe(0);
});

test('the portal not set up in Stripe does not concern the sync: it succeeds and writes the link (checked when clicked)', () => {
  w.stripe.portalConfigured.test = false;
  const id = w.account.addCustomer({ companyname: 'Portal-less', email: 'p@x.test', subsidiary: String(w.parent) });
  const r = clickSync(w, id);
  expect(r.message.type).toBe('CONFIRMATION');
  expect(w.account.get('customer', id).fields[CUSTOMER.stripeId]).toBeTruthy();
  expect(w.account.get('customer', id).fields[CUSTOMER.portalUrl]).toContain('&token=');
  expect(syncLogRows(w)).toEqual([]);
});

test('a failed customer is retried by the next mass sync and then succeeds', () => {
  const id = w.account.addCustomer({ companyname: 'Later', email: 'later@x.test', subsidiary: String(w.parent) });
  w.stripe.failNext({ status: 503, count: 4 });
  expect(clickSync(w, id).message.type).toBe('ERROR');
  const run = massSync(w);
  expect(run.output).toEqual([{ key: 'created', value: String(id) }]);
  expect(w.account.get('customer', id).fields[CUSTOMER.stripeId]).toBeTruthy();
});

test('a config with no saved search chosen uses PayPack\'s default, and says so by that name', () => {
  const cfg = w.account.get(RECORD.config, w.parentConfig).fields;
  cfg.custrecord_pp_cfg_sync_search = '';
  cfg.custrecord_pp_cfg_mass_search = '';
  w.account.caches.clear();
  // the default search leaves inactive customers out
  const dormant = w.account.addCustomer({ companyname: 'Dormant', email: 'd@x.test', subsidiary: String(w.parent), isinactive: true });
  expect(failure(dormant).logged).toBe(`Customer ${dormant} is not in saved search (PayPack default) of PayPack Config Parent Stripe: its filters leave the customer out. Change the search or the customer, then sync again.`);
  // a sync field the default columns do not hold: the button and the mass sync name the default search
  cfg.custrecord_pp_cfg_sync_field = 'custentity_vendor_code';
  w.account.caches.clear();
  const id = w.account.addCustomer({ companyname: 'Coded', email: 'c@x.test', subsidiary: String(w.parent) });
  const want = `Customer Coded (internal id ${id}) has no value in custentity_vendor_code, the sync field that finds its Stripe customer. Fill it (or STRIPE CUSTOMER ID) and sync again, or add the field as a column of saved search (PayPack default).`;
  expect(failure(id).logged).toBe(want);
  massSync(w);
  expect(syncLogRows(w).filter((r) => r.custrecord_pp_sl_source === 'mass' && r.custrecord_pp_sl_outcome === 'failed').map((r) => r.custrecord_pp_sl_message)).toEqual([want]);
});

test('a config whose API secret id was blanked: the click names the config and the field, and asks Stripe nothing', () => {
  // a direct write (as a CSV import or another script could), past the config form's own check
  w.account.write(RECORD.config, { custrecord_pp_cfg_secret: '' }, { id: w.parentConfig });
  const id = w.account.addCustomer({ companyname: 'Keyless', email: 'ap@keyless.test', subsidiary: String(w.parent) });
  const f = failure(id, null);
  expect(f.shown).toContain(`PayPack Config Parent Stripe (id ${w.parentConfig}) has a blank Stripe Secret Key (API Secret ID). Enter the script id of the API secret that holds the Stripe key, e.g. custsecret_pp_stripe_sk.`);
  expect(f.calls).toBe(0);
  expect(w.stripe.calls).toHaveLength(0);
});
