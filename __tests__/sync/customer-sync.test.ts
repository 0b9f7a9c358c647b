/** Customer sync through the real entry points: PayPack Sync button, auto-sync on create, mass sync. */
import { CUSTOMER, LINK, RECORD } from '../../src/core/ids';
import { fingerprint } from '../../src/core/sync';
import { ACCOUNTANT, callSyncSuitelet, clickSync, createCustomer, massSync, syncLogRows, syncWorld, SyncWorld } from './setup';
import { runBeforeLoad } from '../../emulator/netsuite';
import { addressLine } from '../../emulator/netsuite/account';
import { compiled } from '../compiled';
import { advance } from '../../emulator/world';

let w: SyncWorld;
beforeEach(() => { w = syncWorld(); });

function stripeCustomers(stripe = w.stripe) {
  return [...stripe.store().customers.values()].filter((c) => !c.deleted);
}
function customer(id: number) {
  return w.account.get('customer', id).fields;
}

describe('auto-sync on create', () => {
  test('a new customer becomes a Stripe customer carrying its NetSuite ids; ID, portal link and last sync are written back', () => {
    // the first sync after the caches expire also reads the configs (10) and loads the saved search (5)
    const cold = createCustomer(w, { companyname: 'First of the day', email: 'first@day.test' });
    expect(cold.afterSubmitUsage).toBe(52);
    const run = createCustomer(w, { companyname: 'Acme Ltd', email: 'ap@acme.test', phone: '+1 555 0100' }, { addressbook: [addressLine({ city: 'Austin', country: 'US' })] });
    expect(run.afterSubmitError).toBeUndefined();
    const sc = stripeCustomers().find((c) => c.email === 'ap@acme.test')!;
    expect(sc).toMatchObject({
      email: 'ap@acme.test', name: 'Acme Ltd', phone: '+1 555 0100', address: { city: 'Austin', country: 'US' },
      metadata: { netsuite_customer_id: String(run.id), netsuite_subsidiary_id: String(w.parent) },
    });
    const c = customer(run.id);
    expect(c[CUSTOMER.stripeId]).toBe(sc.id);
    // the durable portal link: PayPack's portal Suitelet with a token naming the customer and config
    expect(c[CUSTOMER.portalUrl]).toMatch(new RegExp(`^https://tstdrv1234567\\.extforms\\.netsuite\\.com/app/site/hosting/scriptlet\\.nl\\?script=\\d+&deploy=\\d+&compid=TSTDRV1234567&ns-at=[\\w-]+&token=${run.id}\\.${w.parentConfig}\\.\\d{8}\\.[0-9a-f]{32}$`));
    expect(c[CUSTOMER.lastSync]).toBeInstanceOf(Date);
    // budget: lookup and create; no portal session at sync time
    expect(w.stripe.calls.slice(-run.stripeCalls).map((x) => x.path)).toEqual(['/v1/customers', '/v1/customers']);
    expect(run.stripeCalls).toBe(2);
    expect(run.afterSubmitUsage).toBe(37);
    expect(w.stripe.calls.filter((x) => x.method === 'POST').every((x) => x.idempotencyKey)).toBe(true);
  });

  test('a Stripe failure never blocks the save: the customer stays, a sync log row says why', () => {
    w.stripe.failNext({ status: 500, count: 10 });
    const start = w.account.now().getTime();
    const run = createCustomer(w, { companyname: 'Down Inc', email: 'ops@down.test' });
    expect(run.afterSubmitError).toBeUndefined();
    expect(w.account.get('customer', run.id).fields.companyname).toBe('Down Inc');
    expect(customer(run.id)[CUSTOMER.stripeId] ?? '').toBe('');
    expect(syncLogRows(w)).toEqual([expect.objectContaining({
      custrecord_pp_sl_customer: String(run.id), custrecord_pp_sl_source: 'auto', custrecord_pp_sl_outcome: 'failed',
      custrecord_pp_sl_message: expect.stringMatching(/Stripe did not answer in time .*next mass sync retries/),
    })]);
    // three retries with backoff (0.5 + 1 + 2 s, waited by the script), then it gave up
    expect(w.stripe.calls).toHaveLength(4);
    expect(w.elapsed(start)).toBe(3500);
  });

  test('auto-sync off in the config: nothing is sent, the execution log says why, no failure is recorded', () => {
    w.account.get(RECORD.config, w.parentConfig).fields.custrecord_pp_cfg_autosync = false;
    const run = createCustomer(w, { entityid: 'Quiet', companyname: 'Quiet', email: 'q@quiet.test' });
    expect(run.stripeCalls).toBe(0);
    expect(w.account.logs.pop()).toMatchObject({ title: 'PayPack auto-sync skipped', details: 'Auto-sync is off in PayPack Config Parent Stripe.' });
    expect(syncLogRows(w)).toEqual([]);
    // the switch is for new customers only: the button still syncs
    expect(clickSync(w, run.id).message.message).toContain('created a new Stripe customer');
  });

  test('a config that names no subsidiary serves a new customer of any subsidiary the others leave out', () => {
    w.account.get(RECORD.config, w.parentConfig).fields.custrecord_pp_cfg_subsidiaries = [];
    w.account.caches.clear();
    const asia = w.account.addSubsidiary('Asia Pte');
    const run = createCustomer(w, { companyname: 'Far Away', email: 'far@away.test', subsidiary: String(asia) });
    expect(run.stripeCalls).toBe(2);
    expect(stripeCustomers().find((c) => c.email === 'far@away.test')!.metadata).toMatchObject({ netsuite_customer_id: String(run.id), netsuite_subsidiary_id: String(asia) });
    expect(customer(run.id)[CUSTOMER.stripeId]).toMatch(/^cus_/);
  });

  test('a new customer of a subsidiary no config serves: skipped, not a failure; the button still says what to change', () => {
    const asia = w.account.addSubsidiary('Asia Pte');
    const run = createCustomer(w, { companyname: 'Far Away', email: 'far@away.test', subsidiary: String(asia) });
    expect(run.afterSubmitError).toBeUndefined();
    expect(run.stripeCalls).toBe(0);
    expect(w.account.logs.pop()).toMatchObject({ title: 'PayPack auto-sync skipped', details: 'No PayPack Config serves subsidiary Asia Pte.' });
    expect(syncLogRows(w)).toEqual([]);
    expect(customer(run.id)[CUSTOMER.stripeId] ?? '').toBe('');
  });

  test('two concurrent auto-syncs of one customer make one Stripe customer', () => {
    const id = w.account.addCustomer({ companyname: 'Race Co', email: 'race@race.test', subsidiary: String(w.parent) });
    let raced = false;
    w.stripe.onRequest = (req) => {
      // the first sync's create is on the wire: a second sync of the same customer runs to the end first
      if (!raced && req.method === 'POST' && req.url.endsWith('/v1/customers')) {
        raced = true;
        expect(callSyncSuitelet(id).json.ok).toBe(true);
      }
    };
    expect(callSyncSuitelet(id).json.ok).toBe(true);
    expect(raced).toBe(true);
    expect(stripeCustomers()).toHaveLength(1);
    expect(customer(id)[CUSTOMER.stripeId]).toBe(stripeCustomers()[0].id);
  });

  test('429 twice then success makes one Stripe customer', () => {
    w.stripe.failNext({ status: 429, count: 2, method: 'POST', path: '/v1/customers' });
    const start = w.account.now().getTime();
    const run = createCustomer(w, { companyname: 'Busy Co', email: 'b@busy.test' });
    expect(stripeCustomers()).toHaveLength(1);
    expect(customer(run.id)[CUSTOMER.stripeId]).toBe(stripeCustomers()[0].id);
    expect(w.elapsed(start)).toBe(1500); // waited 0.5 s, then 1 s
  });
});

test('a timeout after Stripe created the customer is retried with the same Idempotency-Key: still one Stripe customer', () => {
  w.stripe.failNext({ network: 'timeout', afterExecution: true, method: 'POST', path: '/v1/customers' });
  const start = w.account.now().getTime();
  const run = createCustomer(w, { companyname: 'Flaky Net', email: 'n@flaky.test' });
  expect(stripeCustomers()).toHaveLength(1);
  expect(customer(run.id)[CUSTOMER.stripeId]).toBe(stripeCustomers()[0].id);
  expect(w.elapsed(start)).toBe(500);
  expect(w.stripe.calls.filter((c) => c.path === '/v1/customers' && c.method === 'POST').map((c) => c.replayed)).toEqual([false, true]);
});

describe('PayPack Sync button', () => {
  test('the button is on the customer page in view and edit, not on create', () => {
    const id = w.account.addCustomer({ companyname: 'Btn', email: 'b@btn.test', subsidiary: String(w.parent) });
    for (const type of ['view', 'edit']) {
      const page = runBeforeLoad(compiled('pp_ue_customer'), { scriptId: 'customscript_pp_ue_customer' }, { type, recordType: 'customer', id });
      expect(page.form.buttons).toEqual([expect.objectContaining({ id: 'custpage_pp_sync', label: 'PayPack Sync', functionName: 'paypackSync' })]);
      expect(page.form.clientScriptModulePath).toBe('/SuiteScripts/PayPack/pp_cs_customer.js');
    }
    expect(runBeforeLoad(compiled('pp_ue_customer'), { scriptId: 'customscript_pp_ue_customer' }, { type: 'create', recordType: 'customer' }).form.buttons).toEqual([]);
  });

  test('linked customer, values changed: one update, the portal link kept, within budget', () => {
    const id = w.account.addCustomer({ companyname: 'Linked', email: 'l@linked.test', subsidiary: String(w.parent) });
    expect(clickSync(w, id).message.type).toBe('CONFIRMATION');
    w.account.get('customer', id).fields.phone = '+44 20 7946 0000';
    const r = clickSync(w, id);
    expect(r.message).toEqual({ title: 'PayPack Sync', type: 'CONFIRMATION', message: expect.stringContaining('updated the Stripe customer') });
    expect(stripeCustomers()[0].phone).toBe('+44 20 7946 0000');
    expect(r.stripeCalls).toBe(1);
    expect(r.suiteletUnits).toBe(29); // 1 of them: the check that the user's role may see this customer
    expect(r.clientUnits).toBe(10); // the client's own https call, in the browser's separate allowance
  });

  test('the sync Suitelet acts only on a POST: a GET (a link on any page) changes nothing', () => {
    const id = w.account.addCustomer({ companyname: 'Linked Page', email: 'lp@x.test', subsidiary: String(w.parent) });
    const { runSuitelet } = require('../../emulator/netsuite');
    const slSync = compiled('pp_sl_sync');
    const res = runSuitelet(slSync, { scriptId: 'customscript_pp_sl_sync', user: ACCOUNTANT }, { method: 'GET', parameters: { customerId: String(id) } });
    expect(JSON.parse(res.body)).toEqual({ ok: false, message: expect.stringContaining('only when asked with a POST') });
    expect(w.stripe.calls).toHaveLength(0);
    expect(customer(id)[CUSTOMER.stripeId] ?? '').toBe('');
  });

  test('unchanged values: no Stripe call, no write; the portal link stays the same', () => {
    const id = w.account.addCustomer({ companyname: 'Same', email: 's@same.test', subsidiary: String(w.parent) });
    clickSync(w, id);
    const link = customer(id)[CUSTOMER.portalUrl];
    const version = w.account.get('customer', id).version;
    const r = clickSync(w, id);
    expect(r.message.message).toContain('nothing had changed');
    expect(r.stripeCalls).toBe(0);
    expect(w.account.get('customer', id).version).toBe(version);
    expect(customer(id)[CUSTOMER.portalUrl]).toBe(link);
  });

  test('a customer whose field still holds an old Stripe session URL gets the durable link on its next sync, without a Stripe call', () => {
    const id = w.account.addCustomer({ companyname: 'Old Link', email: 'o@old.test', subsidiary: String(w.parent) });
    clickSync(w, id);
    w.account.get('customer', id).fields[CUSTOMER.portalUrl] = 'https://billing.stripe.com/p/session/test_expired';
    const r = clickSync(w, id);
    expect(r.stripeCalls).toBe(0);
    expect(String(customer(id)[CUSTOMER.portalUrl])).toContain(`&token=${id}.${w.parentConfig}.`);
  });

  test('a filled STRIPE CUSTOMER ID always wins: changing the email never relinks', () => {
    const id = w.account.addCustomer({ companyname: 'Keep', email: 'old@keep.test', subsidiary: String(w.parent) });
    clickSync(w, id);
    const first = customer(id)[CUSTOMER.stripeId];
    w.stripe.seedCustomer({ email: 'new@keep.test', name: 'Someone else' });
    w.account.get('customer', id).fields.email = 'new@keep.test';
    clickSync(w, id);
    expect(customer(id)[CUSTOMER.stripeId]).toBe(first);
    expect(w.stripe.store().customers.get(first as string)!.email).toBe('new@keep.test');
  });

  test('blanking the ID and syncing again links afresh by email', () => {
    const other = w.stripe.seedCustomer({ email: 'move@relink.test', name: 'Existing' });
    const id = w.account.addCustomer({ companyname: 'Relink', email: 'first@relink.test', subsidiary: String(w.parent) });
    clickSync(w, id);
    w.account.get('customer', id).fields[CUSTOMER.stripeId] = '';
    w.account.get('customer', id).fields.email = 'move@relink.test';
    const r = clickSync(w, id);
    expect(r.message.message).toContain('linked the existing Stripe customer');
    expect(customer(id)[CUSTOMER.stripeId]).toBe(other.id);
    expect((w.stripe.store().customers.get(other.id as string)!.metadata as Record<string, string>).netsuite_customer_id).toBe(String(id));
  });

  test('a sync interrupted after Stripe created the customer finds it again instead of creating twice', () => {
    const id = w.account.addCustomer({ companyname: 'Crash', email: 'c@crash.test', subsidiary: String(w.parent) });
    clickSync(w, id);
    // the write-back was lost
    w.account.get('customer', id).fields[CUSTOMER.stripeId] = '';
    w.account.get('customer', id).fields[CUSTOMER.syncHash] = '';
    w.account.get('customer', id).fields.phone = '555';
    clickSync(w, id);
    expect(stripeCustomers()).toHaveLength(1);
  });

  test('in edit mode the written values land on the open form, so saving it keeps them', () => {
    const id = w.account.addCustomer({ companyname: 'Editing', email: 'e@edit.test', subsidiary: String(w.parent) });
    const seen: Record<string, unknown> = {};
    const { runClient } = require('../../emulator/netsuite');
    const cs = compiled('pp_cs_customer');
    const N_current = require('../../emulator/netsuite/N/currentRecord');
    const original = N_current.get;
    N_current.get = () => { const r = original(); const set = r.setValue.bind(r); r.setValue = (o: { fieldId: string; value: unknown }) => { seen[o.fieldId] = o.value; return set(o); }; return r; };
    try { runClient(cs, 'paypackSync', { recordType: 'customer', id, user: ACCOUNTANT, args: [] }); } finally { N_current.get = original; }
    expect(seen[CUSTOMER.stripeId]).toBe(customer(id)[CUSTOMER.stripeId]);
    expect(seen[CUSTOMER.portalUrl]).toBe(customer(id)[CUSTOMER.portalUrl]);
  });

  test('in view mode the page reloads to show the new values once the banner has been read', () => {
    const id = w.account.addCustomer({ companyname: 'Viewing', email: 'v@view.test', subsidiary: String(w.parent) });
    const reload = jest.fn();
    (globalThis as { window?: unknown }).window = { location: { reload } };
    jest.useFakeTimers();
    try {
      expect(clickSync(w, id, ACCOUNTANT, 'view').message.type).toBe('CONFIRMATION');
      expect(reload).not.toHaveBeenCalled();
      jest.advanceTimersByTime(4000);
      expect(reload).toHaveBeenCalledTimes(1);
    } finally {
      jest.useRealTimers();
      delete (globalThis as { window?: unknown }).window;
    }
  });

  test('a user who may not edit customers is refused', () => {
    const id = w.account.addCustomer({ companyname: 'Locked', email: 'x@locked.test', subsidiary: String(w.parent) });
    const viewer = { ...ACCOUNTANT, permissions: { LIST_CUSTJOB: 1 } };
    expect(clickSync(w, id, viewer).message).toMatchObject({ type: 'ERROR', message: expect.stringContaining('You may not edit customers') });
    expect(w.stripe.calls).toHaveLength(0);
  });

  test('Edit on customers is not enough: a customer the user\'s role restriction leaves out (another subsidiary) is refused, nothing sent', () => {
    const id = w.account.addCustomer({ companyname: 'Parent Only', email: 'p@parent.test', subsidiary: String(w.parent) });
    const europeClerk = { ...ACCOUNTANT, id: 8, name: 'Eve Europe', subsidiaries: [w.europe] };
    const r = clickSync(w, id, europeClerk);
    expect(r.message).toMatchObject({ type: 'ERROR', message: expect.stringContaining(`Customer ${id} is not one you can edit (the subsidiary or other restrictions of your role leave it out), so PayPack Sync did nothing.`) });
    expect(w.stripe.calls).toHaveLength(0);
    expect(w.account.get('customer', id).fields[CUSTOMER.stripeId] || '').toBe('');
    // the same customer, by someone whose role covers its subsidiary
    expect(clickSync(w, id, { ...ACCOUNTANT, subsidiaries: [w.parent] }).message.type).toBe('CONFIRMATION');
  });
});

describe('mass sync', () => {
  test('every subsidiary of each customer: primary into the customer, others into a customer link; counts in the summary', () => {
    const a = w.account.addCustomer({ companyname: 'Both', email: 'both@x.test', subsidiary: String(w.parent), subsidiaries: [w.europe] });
    const b = w.account.addCustomer({ companyname: 'Parent only', email: 'p@x.test', subsidiary: String(w.parent) });
    const c = w.account.addCustomer({ companyname: 'Broken', email: 'not-an-email', subsidiary: String(w.parent) });
    const run = massSync(w);
    expect(run.mapErrors).toEqual([]);
    expect(customer(a)[CUSTOMER.stripeId]).toBe(stripeCustomers()[0].id);
    expect(customer(b)[CUSTOMER.stripeId]).toBeTruthy();
    const links = w.account.all(RECORD.customerLink).map((l) => l.fields);
    expect(links).toEqual([expect.objectContaining({ [LINK.customer]: String(a), [LINK.config]: String(w.europeConfig), [LINK.stripeId]: stripeCustomers(w.euStripe)[0].id })]);
    expect(stripeCustomers(w.euStripe)[0].metadata).toMatchObject({ netsuite_customer_id: String(a), netsuite_subsidiary_id: String(w.europe) });
    const rows = syncLogRows(w);
    expect(rows).toContainEqual(expect.objectContaining({ custrecord_pp_sl_customer: String(c), custrecord_pp_sl_outcome: 'failed', custrecord_pp_sl_message: expect.stringContaining('not a valid email address') }));
    expect(rows).toContainEqual(expect.objectContaining({ custrecord_pp_sl_outcome: 'summary', custrecord_pp_sl_message: 'Mass sync: created 3, updated 0, linked 0, unchanged 0, failed 1.' }));
    expect(run.logs).toContainEqual(expect.objectContaining({ level: 'AUDIT', title: 'PayPack mass sync', details: expect.stringMatching(/^created 3, updated 0, linked 0, unchanged 0, failed 1; \d+ units$/) }));

    // a second run, an hour later: nothing changed, nothing sent
    const lastSyncA = customer(a)[CUSTOMER.lastSync];
    const linkSync = links[0][LINK.lastSync];
    expect(linkSync).toBeInstanceOf(Date);
    advance(w, 3600);
    const calls = w.stripe.calls.length + w.euStripe.calls.length;
    const again = massSync(w);
    expect(w.stripe.calls.length + w.euStripe.calls.length - calls).toBe(0);
    expect(again.usage.map.filter((u, i) => JSON.parse(again.input[i].value).customerId !== String(c)).every((u) => u <= 2)).toBe(true);
    expect(syncLogRows(w).pop()).toMatchObject({ custrecord_pp_sl_message: 'Mass sync: created 0, updated 0, linked 0, unchanged 3, failed 1.' });
    // nothing written either: the link and the customer keep the Last Sync of the run that sent something
    expect(w.account.all(RECORD.customerLink)[0].fields[LINK.lastSync]).toBe(linkSync);
    expect(customer(a)[CUSTOMER.lastSync]).toBe(lastSyncA);
  });

  test('map budgets: new customer ≤ 25 units / 2 calls; linked and changed ≤ 15 units / 1 call; unchanged ≤ 2 units / 0 calls', () => {
    const id = w.account.addCustomer({ companyname: 'Budget', email: 'b@budget.test', subsidiary: String(w.parent) });
    const calls = () => w.stripe.calls.length;
    let before = calls();
    let run = massSync(w);
    expect(run.usage.map[0]).toBeLessThanOrEqual(25);
    expect(calls() - before).toBeLessThanOrEqual(2);
    w.account.get('customer', id).fields.phone = '123';
    before = calls();
    run = massSync(w);
    expect(run.usage.map[0]).toBeLessThanOrEqual(15);
    expect(calls() - before).toBe(1);
    before = calls();
    run = massSync(w);
    expect(run.usage.map[0]).toBeLessThanOrEqual(2);
    expect(calls() - before).toBe(0);
  });

  test('the fingerprint is what was sent to which Stripe customer: a re-link is not "unchanged"', () => {
    const params = { email: 'a@b.c' };
    expect(fingerprint('1', 'cus_A', params)).not.toBe(fingerprint('1', 'cus_B', params));
    expect(fingerprint('1', 'cus_A', params)).toBe(fingerprint('1', 'cus_A', { email: 'a@b.c' }));
  });
});

test('no secret ever reaches a log, a record or a message', () => {
  w.stripe.failNext({ status: 500, count: 5 });
  createCustomer(w, { companyname: 'Leak?', email: 'l@leak.test' });
  const id = w.account.addCustomer({ companyname: 'Leak 2', email: 'l2@leak.test', subsidiary: String(w.parent) });
  clickSync(w, id);
  massSync(w);
  expect(w.account.findSecretLeaks()).toEqual([]);
  expect(JSON.stringify(w.account.messagesShown)).not.toContain('sk_test_');
});

test('one Stripe account serving two subsidiaries syncs a customer of both once', () => {
  w.account.get(RECORD.config, w.parentConfig).fields.custrecord_pp_cfg_subsidiaries = [String(w.parent), String(w.europe)];
  w.account.get(RECORD.config, w.europeConfig).fields.isinactive = true;
  const id = w.account.addCustomer({ companyname: 'Both', email: 'both@once.test', subsidiary: String(w.parent), subsidiaries: [w.europe] });
  const run = massSync(w);
  expect(run.output).toEqual([{ key: 'created', value: String(id) }]);
  expect(w.account.all(RECORD.customerLink)).toHaveLength(0);
});

test('a customer in two non-primary subsidiaries served by one Stripe account gets one work item and one link, and its subsidiary id stays put', () => {
  const asia = w.account.addSubsidiary('Asia Pte');
  w.account.get(RECORD.config, w.europeConfig).fields.custrecord_pp_cfg_subsidiaries = [String(w.europe), String(asia)];
  w.account.caches.clear();
  const id = w.account.addCustomer({ companyname: 'Three Subs', email: 'three@subs.test', subsidiary: String(w.parent), subsidiaries: [w.europe, asia] });
  const first = massSync(w);
  expect(first.input.map((p) => JSON.parse(p.value).config.id)).toEqual([String(w.parentConfig), String(w.europeConfig)]);
  const links = () => w.account.all(RECORD.customerLink).filter((l) => l.fields.custrecord_pp_link_customer === String(id));
  expect(links()).toHaveLength(1);
  const euCustomer = [...w.euStripe.store().customers.values()][0];
  const subsidiary = (euCustomer.metadata as Record<string, string>).netsuite_subsidiary_id;
  const second = massSync(w);
  expect(second.output.filter((o) => o.key !== 'unchanged')).toEqual([]);
  expect(links()).toHaveLength(1);
  expect((euCustomer.metadata as Record<string, string>).netsuite_subsidiary_id).toBe(subsidiary);
});
