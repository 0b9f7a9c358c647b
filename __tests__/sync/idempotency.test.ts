/**
 * Idempotency keys that name one attempt of one intended change, and a STRIPE CUSTOMER ID typed by
 * hand that cannot take over another NetSuite customer's Stripe customer.
 */
import { CUSTOMER, LINK, RECORD } from '../../src/core/ids';
import { clickSync, massSync, syncLogRows, syncWorld, SyncWorld } from './setup';
import { deliver, webhookWorld } from '../webhook/setup';
import { advance, setClock } from '../../emulator/world';

let w: SyncWorld;
beforeEach(() => { w = syncWorld(); });

const customer = (id: number) => w.account.get('customer', id).fields;
const stripeCustomer = (id: string) => w.stripe.store().customers.get(id)!;
/** The sync's write-back to the customer was lost: NetSuite knows neither the Stripe customer nor what was sent. */
const loseWriteBack = (id: number) => { customer(id)[CUSTOMER.stripeId] = ''; customer(id)[CUSTOMER.syncHash] = ''; };
/** A customer synced once, its write-back then lost, and its email changed since. */
const lostThenNewEmail = (companyname: string, email: string, newEmail: string) => {
  const id = w.account.addCustomer({ companyname, email, subsidiary: String(w.parent) });
  clickSync(w, id);
  const first = String(customer(id)[CUSTOMER.stripeId]);
  loseWriteBack(id);
  customer(id).email = newEmail;
  return { id, first };
};
const key = () => w.account.secrets.get('custsecret_pp_stripe_sk')!.value;

test('phone 111 -> 222 -> 333 -> 222 within a day: Stripe ends on 222, as NetSuite says (no old answer replayed)', () => {
  const id = w.account.addCustomer({ companyname: 'Phones', email: 'p@phones.test', phone: '111', subsidiary: String(w.parent) });
  clickSync(w, id);
  const stripeId = String(customer(id)[CUSTOMER.stripeId]);
  for (const phone of ['222', '333', '222']) {
    advance(w, 600);
    customer(id).phone = phone;
    const r = clickSync(w, id);
    expect(r.message.message).toContain('updated the Stripe customer');
    expect(w.stripe.calls[w.stripe.calls.length - 1].replayed).toBe(false);
  }
  expect(stripeCustomer(stripeId).phone).toBe('222');
  // and a further sync knows there is nothing to send
  expect(clickSync(w, id).stripeCalls).toBe(0);
});

test('a Stripe customer deleted and then re-synced gets a new Stripe customer, not the old create replayed', () => {
  const ww = webhookWorld();
  w = ww;
  const id = w.account.addCustomer({ companyname: 'Phoenix', email: 'p@phoenix.test', subsidiary: String(w.parent) });
  clickSync(w, id);
  const first = String(customer(id)[CUSTOMER.stripeId]);
  advance(w, 60);
  w.stripe.handle({ method: 'DELETE', url: `/v1/customers/${first}`, headers: { Authorization: `Bearer ${key()}` }, body: '' });
  deliver(ww, w.stripe.store().events.filter((e) => e.type === 'customer.deleted').pop()!);
  expect(customer(id)[CUSTOMER.stripeId]).toBe('');
  advance(w, 60);
  const r = clickSync(w, id);
  const second = String(customer(id)[CUSTOMER.stripeId]);
  expect(r.message.message).toContain('created a new Stripe customer');
  expect(second).not.toBe(first);
  expect(stripeCustomer(second).deleted).toBeFalsy();
});

test('a 500 Stripe saved for a key is not replayed by the next mass sync: the failure moves the version', () => {
  const id = w.account.addCustomer({ companyname: 'Saved Error', email: 's@err.test', subsidiary: String(w.parent) });
  clickSync(w, id);
  customer(id).phone = '+1 555 0500';
  // the update began in Stripe and failed: Stripe saves the 500 for that key (and the client's retries replay it)
  w.stripe.failNext({ status: 500, afterExecution: true, method: 'POST', path: /^\/v1\/customers\/cus_/ });
  const failed = clickSync(w, id);
  expect(failed.message.type).toBe('ERROR');
  expect(w.stripe.calls.slice(-failed.stripeCalls).filter((c) => c.replayed)).toHaveLength(3);
  advance(w, 3600);
  const run = massSync(w);
  expect(run.output).toEqual([{ key: 'updated', value: String(id) }]);
  expect(stripeCustomer(String(customer(id)[CUSTOMER.stripeId])).phone).toBe('+1 555 0500');
  expect(syncLogRows(w).filter((r) => r.custrecord_pp_sl_outcome === 'failed')).toHaveLength(1);
});

test('a STRIPE CUSTOMER ID typed by hand that belongs to another NetSuite customer is refused: nothing sent, a sync log row says why', () => {
  const owner = w.account.addCustomer({ companyname: 'Owner Ltd', email: 'o@owner.test', subsidiary: String(w.parent) });
  clickSync(w, owner);
  const theirs = String(customer(owner)[CUSTOMER.stripeId]);
  const intruder = w.account.addCustomer({ companyname: 'Intruder Inc', email: 'i@intruder.test', subsidiary: String(w.parent) });
  customer(intruder)[CUSTOMER.stripeId] = theirs;
  const r = clickSync(w, intruder);
  expect(r.message.type).toBe('ERROR');
  expect(r.message.message).toContain(`Stripe customer ${theirs}, the STRIPE CUSTOMER ID of customer Intruder Inc (internal id ${intruder}), belongs to NetSuite customer ${owner}`);
  expect(w.stripe.calls.slice(-r.stripeCalls).map((c) => c.method)).toEqual(['GET']);
  expect(stripeCustomer(theirs)).toMatchObject({ email: 'o@owner.test', metadata: expect.objectContaining({ netsuite_customer_id: String(owner) }) });
  expect(syncLogRows(w).pop()).toMatchObject({ custrecord_pp_sl_customer: String(intruder), custrecord_pp_sl_stripe_id: theirs, custrecord_pp_sl_outcome: 'failed' });
});

test('a typed STRIPE CUSTOMER ID of a Stripe customer no NetSuite customer claims is linked, checked once', () => {
  const loose = w.stripe.seedCustomer({ email: 'legacy@old.test', name: 'Legacy' });
  const id = w.account.addCustomer({ companyname: 'Legacy Co', email: 'legacy@new.test', subsidiary: String(w.parent) });
  customer(id)[CUSTOMER.stripeId] = loose.id;
  const r = clickSync(w, id);
  expect(r.message.message).toContain('updated the Stripe customer');
  expect(w.stripe.calls.slice(-r.stripeCalls).map((c) => c.method)).toEqual(['GET', 'POST']);
  customer(id).phone = '1';
  expect(clickSync(w, id).stripeCalls).toBe(1); // checked once: later syncs go straight to the update
});

test('a non-email sync field, Stripe search lagging a minute: a sync retried after a lost write-back makes no second Stripe customer', () => {
  expect(w.stripe.searchLagSeconds).toBe(60);
  w.account.get('customrecord_pp_config', w.parentConfig).fields.custrecord_pp_cfg_sync_field = 'entityid';
  w.account.caches.clear();
  const id = w.account.addCustomer({ companyname: 'Lagging', entityid: 'CUST-0042', email: 'l@lag.test', subsidiary: String(w.parent) });
  clickSync(w, id);
  // the write-back was lost: NetSuite does not know the Stripe customer, and search cannot see it yet
  loseWriteBack(id);
  advance(w, 20);
  clickSync(w, id);
  expect([...w.stripe.store().customers.values()].filter((c) => (c.metadata as Record<string, string>).netsuite_customer_id === String(id))).toHaveLength(1);
  expect(w.stripe.calls[w.stripe.calls.length - 1].replayed).toBe(true); // the create's key replayed its first answer
});

test('an email that matches only another NetSuite customer\'s Stripe customer is refused: nothing linked, nothing created, a sync log row says what to do', () => {
  const owner = w.account.addCustomer({ companyname: 'Shared Books Ltd', email: 'ap@shared.test', subsidiary: String(w.parent) });
  clickSync(w, owner);
  const theirs = String(customer(owner)[CUSTOMER.stripeId]);
  const twin = w.account.addCustomer({ companyname: 'Shared Books Branch', email: 'ap@shared.test', subsidiary: String(w.parent) });
  const stripeCustomers = w.stripe.store().customers.size;
  const r = clickSync(w, twin);
  expect(r.message.type).toBe('ERROR');
  expect(r.message.message).toContain(`Stripe customer ${theirs} has the email &quot;ap@shared.test&quot; of customer Shared Books Branch (internal id ${twin}), but it belongs to NetSuite customer ${owner}`);
  expect(w.stripe.calls.slice(-r.stripeCalls).map((c) => c.method)).toEqual(['GET']); // the lookup only
  expect(w.stripe.store().customers.size).toBe(stripeCustomers);
  expect(stripeCustomer(theirs).metadata).toEqual(expect.objectContaining({ netsuite_customer_id: String(owner) }));
  expect(customer(twin)[CUSTOMER.stripeId] || '').toBe('');
  expect(syncLogRows(w).pop()).toMatchObject({
    custrecord_pp_sl_customer: String(twin), custrecord_pp_sl_stripe_id: theirs, custrecord_pp_sl_outcome: 'failed',
    custrecord_pp_sl_message: expect.stringContaining('give it its own email, or create it in Stripe and put its id into STRIPE CUSTOMER ID, then sync again'),
  });
  // the way out the message gives: a Stripe customer of its own in STRIPE CUSTOMER ID
  const own = w.stripe.seedCustomer({ email: 'ap@shared.test', name: 'Shared Books Branch' });
  customer(twin)[CUSTOMER.stripeId] = String(own.id);
  expect(clickSync(w, twin).message.type).toBe('CONFIRMATION');
});

test('a 500 Stripe saved while creating the Stripe customer of a non-primary subsidiary is not replayed by the next mass sync', () => {
  const id = w.account.addCustomer({ companyname: 'Two Homes', email: 'two@homes.test', subsidiary: String(w.parent), subsidiaries: [w.europe] });
  // the create in the European account failed with a 500 that Stripe saved for its key
  w.euStripe.failNext({ status: 500, afterExecution: true, method: 'POST', path: '/v1/customers' });
  const first = massSync(w);
  expect(first.output.filter((o) => o.key === 'failed')).toHaveLength(1);
  // the moved version is kept on a link row made for it (no Stripe customer yet, no last sync)
  const link = w.account.all(RECORD.customerLink).map((r) => r.fields).find((f) => f[LINK.customer] === String(id))!;
  expect(link).toMatchObject({ [LINK.stripeId]: '', [LINK.syncHash]: expect.stringContaining(':failed-') });
  expect(link[LINK.lastSync] || '').toBe('');
  advance(w, 3600);
  const second = massSync(w);
  expect(second.output.map((o) => o.key).sort()).toEqual(['created', 'unchanged']);
  const euCustomers = [...w.euStripe.store().customers.values()].filter((c) => (c.metadata as Record<string, string>).netsuite_customer_id === String(id));
  expect(euCustomers).toHaveLength(1);
  const linked = String(w.account.all(RECORD.customerLink).map((r) => r.fields).find((f) => f[LINK.customer] === String(id))![LINK.stripeId]);
  expect(w.euStripe.calls.filter((c) => c.method === 'POST' && c.path === '/v1/customers').slice(-1)[0].replayed).toBe(false);
  expect(euCustomers.map((c) => c.id)).toContain(linked);
});

test('a lost write-back, then the values change before Stripe\'s search catches up: no second Stripe customer; the next sync links the first and sends the new values', () => {
  w.account.get('customrecord_pp_config', w.parentConfig).fields.custrecord_pp_cfg_sync_field = 'entityid';
  w.account.caches.clear();
  const id = w.account.addCustomer({ companyname: 'Changing', entityid: 'CUST-0077', email: 'c@change.test', phone: '111', subsidiary: String(w.parent) });
  clickSync(w, id);
  const first = String(customer(id)[CUSTOMER.stripeId]);
  // the write-back was lost, and within the minute the phone changes
  loseWriteBack(id);
  customer(id).phone = '222';
  advance(w, 20);
  const r = clickSync(w, id);
  expect(r.message.type).toBe('ERROR');
  expect(r.message.message).toContain('Stripe&#39;s search does not show it yet (it can lag a minute). Nothing else was sent, so no second Stripe customer was made: sync again in a minute');
  const ours = () => [...w.stripe.store().customers.values()].filter((c) => (c.metadata as Record<string, string>).netsuite_customer_id === String(id));
  expect(ours()).toHaveLength(1);
  advance(w, 60);
  const again = clickSync(w, id);
  expect(again.message.type).toBe('CONFIRMATION');
  expect(ours()).toHaveLength(1);
  expect(customer(id)[CUSTOMER.stripeId]).toBe(first);
  expect(stripeCustomer(first).phone).toBe('222');
});

test('the same with the email as sync field: a lost write-back, then a new email: no second Stripe customer', () => {
  const { id, first } = lostThenNewEmail('Moving', 'old@moving.test', 'new@moving.test');
  advance(w, 120); // search has caught up by now
  const r = clickSync(w, id);
  expect(r.message.type).toBe('CONFIRMATION');
  expect(customer(id)[CUSTOMER.stripeId]).toBe(first);
  expect(stripeCustomer(first).email).toBe('new@moving.test');
  expect([...w.stripe.store().customers.values()].filter((c) => (c.metadata as Record<string, string>).netsuite_customer_id === String(id))).toHaveLength(1);
});

test('a lost write-back found again more than a day later (Stripe has dropped the create key): a new email still makes no second Stripe customer, by button or by the daily mass sync', () => {
  const ids = ['Late Button', 'Late Mass'].map((name, i) => w.account.addCustomer({ companyname: name, email: `old${i}@late.test`, subsidiary: String(w.parent) }));
  for (const id of ids) clickSync(w, id);
  const first = ids.map((id) => String(customer(id)[CUSTOMER.stripeId]));
  // both write-backs were lost; two days later each customer has a new email
  for (const [i, id] of ids.entries()) {
    loseWriteBack(id);
    customer(id).email = `new${i}@late.test`;
  }
  advance(w, 2 * 86400);
  const ours = (id: number) => [...w.stripe.store().customers.values()].filter((c) => (c.metadata as Record<string, string>).netsuite_customer_id === String(id));
  const button = clickSync(w, ids[0]);
  expect(button.message.type).toBe('CONFIRMATION');
  const mass = massSync(w);
  expect(mass.output.filter((o) => o.key === 'linked')).toHaveLength(1);
  ids.forEach((id, i) => {
    expect(ours(id)).toHaveLength(1);
    expect(customer(id)[CUSTOMER.stripeId]).toBe(first[i]);
    expect(stripeCustomer(first[i]).email).toBe(`new${i}@late.test`);
  });
});

test('a customer created today costs no metadata search on its first sync; one blanked after a link re-links by email, not to its old Stripe customer', () => {
  const id = w.account.addCustomer({ companyname: 'Fresh', email: 'fresh@today.test', subsidiary: String(w.parent) });
  const r = clickSync(w, id);
  expect(r.stripeCalls).toBe(2); // list by email, create
  expect(w.stripe.calls.some((c) => c.path === '/v1/customers/search')).toBe(false);
  const old = String(customer(id)[CUSTOMER.stripeId]);
  const other = w.stripe.seedCustomer({ email: 'billing@today.test' });
  advance(w, 3 * 86400);
  customer(id)[CUSTOMER.stripeId] = '';
  customer(id).email = 'billing@today.test';
  expect(clickSync(w, id).message.type).toBe('CONFIRMATION');
  expect(customer(id)[CUSTOMER.stripeId]).toBe(other.id);
  expect(customer(id)[CUSTOMER.stripeId]).not.toBe(old);
});

test('a lost write-back found more than a day later under the same email: the email listing shows it, so no metadata search is spent', () => {
  const id = w.account.addCustomer({ companyname: 'Same Mail', email: 'same@mail.test', subsidiary: String(w.parent) });
  clickSync(w, id);
  const first = String(customer(id)[CUSTOMER.stripeId]);
  loseWriteBack(id);
  advance(w, 2 * 86400);
  const r = clickSync(w, id);
  expect(r.message.message).toContain(`linked the existing Stripe customer with the same sync field and updated it ${first}`);
  expect(w.stripe.calls.slice(-r.stripeCalls).map((c) => `${c.method} ${c.path}`)).toEqual(['GET /v1/customers', `POST /v1/customers/${first}`]);
  expect(customer(id)[CUSTOMER.stripeId]).toBe(first);
});

test('a typed STRIPE CUSTOMER ID whose Stripe customer already carries this customer\'s NetSuite id is its own: updated, not refused', () => {
  const id = w.account.addCustomer({ companyname: 'Returning', email: 'back@returning.test', subsidiary: String(w.parent) });
  // made for this customer before (an earlier tool, or a link blanked long ago)
  const own = w.stripe.seedCustomer({ email: 'old@returning.test', metadata: { netsuite_customer_id: String(id) } });
  customer(id)[CUSTOMER.stripeId] = String(own.id);
  const r = clickSync(w, id);
  expect(r.message.type).toBe('CONFIRMATION');
  expect(r.message.message).toContain(`updated the Stripe customer ${own.id}`);
  expect(stripeCustomer(String(own.id)).email).toBe('back@returning.test');
  expect(syncLogRows(w)).toEqual([]);
});

test('Stripe failing while a typed STRIPE CUSTOMER ID is checked: the sync fails and says so, nothing is sent, the next sync checks again', () => {
  const loose = w.stripe.seedCustomer({ email: 'x@typed.test' });
  const id = w.account.addCustomer({ companyname: 'Typed', email: 'typed@typed.test', subsidiary: String(w.parent) });
  customer(id)[CUSTOMER.stripeId] = String(loose.id);
  w.stripe.failNext({ status: 500, count: 10, method: 'GET' });
  const r = clickSync(w, id);
  expect(r.message.type).toBe('ERROR');
  expect(r.message.message).toContain('Stripe did not answer in time');
  expect(w.stripe.calls.slice(-r.stripeCalls).every((c) => c.method === 'GET')).toBe(true);
  expect(stripeCustomer(String(loose.id)).email).toBe('x@typed.test');
  expect(syncLogRows(w).pop()).toMatchObject({ custrecord_pp_sl_customer: String(id), custrecord_pp_sl_stripe_id: String(loose.id), custrecord_pp_sl_outcome: 'failed' });
  w.stripe.clearFaults();
  advance(w, 60);
  const again = clickSync(w, id);
  expect(w.stripe.calls.slice(-again.stripeCalls).map((c) => c.method)).toEqual(['GET', 'POST']);
  expect(stripeCustomer(String(loose.id)).email).toBe('typed@typed.test');
});

test('a refusal Stripe did not save (4xx) moves no version: nothing is written on the customer, and the fixed values go with the next sync', () => {
  const id = w.account.addCustomer({ companyname: 'Refused', email: 'r@refused.test', subsidiary: String(w.parent) });
  clickSync(w, id);
  const synced = { ...customer(id) };
  // Stripe takes at most 20 characters of phone: a refusal it answers before acting, so it saves nothing for the key
  customer(id).phone = '+1 555 0400 ext. 12345 (front desk)';
  const failed = clickSync(w, id);
  expect(failed.message.type).toBe('ERROR');
  expect(failed.message.message).toContain('Stripe refused the request');
  expect(customer(id)[CUSTOMER.syncHash]).toBe(synced[CUSTOMER.syncHash]);
  expect(customer(id)[CUSTOMER.lastSync]).toEqual(synced[CUSTOMER.lastSync]);
  expect(failed.stripeCalls).toBe(1);
  customer(id).phone = '+1 555 0400';
  advance(w, 60);
  expect(clickSync(w, id).message.type).toBe('CONFIRMATION');
  expect(stripeCustomer(String(customer(id)[CUSTOMER.stripeId])).phone).toBe('+1 555 0400');
});

test('a 500 Stripe saved while updating a customer link: the link keeps its Stripe customer and Last Sync, its version moves, the log names the Stripe customer', () => {
  const id = w.account.addCustomer({ companyname: 'Linked Twice', email: 'lt@two.test', subsidiary: String(w.parent), subsidiaries: [w.europe] });
  massSync(w);
  const link = () => w.account.all(RECORD.customerLink).map((r) => r.fields).find((f) => f[LINK.customer] === String(id))!;
  const before = { ...link() };
  expect(before[LINK.stripeId]).toMatch(/^cus_/);
  customer(id).phone = '+49 30 0500';
  advance(w, 3600);
  w.euStripe.failNext({ status: 500, afterExecution: true, method: 'POST', path: /^\/v1\/customers\/cus_/ });
  const run = massSync(w);
  expect(run.output.find((o) => o.key === 'failed')).toBeTruthy();
  expect(link()).toMatchObject({ [LINK.stripeId]: before[LINK.stripeId], [LINK.lastSync]: before[LINK.lastSync], [LINK.syncHash]: expect.stringContaining(':failed-') });
  expect(syncLogRows(w).filter((r) => r.custrecord_pp_sl_outcome === 'failed')).toEqual([
    expect.objectContaining({ custrecord_pp_sl_customer: String(id), custrecord_pp_sl_source: 'mass', custrecord_pp_sl_config: String(w.europeConfig), custrecord_pp_sl_stripe_id: before[LINK.stripeId] }),
  ]);
  advance(w, 3600);
  expect(massSync(w).output).toEqual([{ key: 'unchanged', value: String(id) }, { key: 'updated', value: String(id) }]);
  expect(link()[LINK.lastSync]).not.toEqual(before[LINK.lastSync]);
  expect(w.euStripe.store().customers.get(String(before[LINK.stripeId]))!.phone).toBe('+49 30 0500');
});

test('a 500 Stripe saved while the mass sync updated a customer: the version moves on the customer itself (no link is made for it), and the next run is not replayed', () => {
  const id = w.account.addCustomer({ companyname: 'Mass Saved', email: 'ms@err.test', subsidiary: String(w.parent) });
  massSync(w);
  const before = { ...customer(id) };
  const stripeId = String(before[CUSTOMER.stripeId]);
  customer(id).phone = '+1 555 0501';
  advance(w, 3600);
  w.stripe.failNext({ status: 500, afterExecution: true, method: 'POST', path: /^\/v1\/customers\/cus_/ });
  expect(massSync(w).output).toEqual([{ key: 'failed', value: String(id) }]);
  expect(customer(id)[CUSTOMER.stripeId]).toBe(stripeId);
  expect(customer(id)[CUSTOMER.lastSync]).toEqual(before[CUSTOMER.lastSync]);
  expect(String(customer(id)[CUSTOMER.syncHash])).toMatch(new RegExp(`^${stripeId}:failed-\\d+$`));
  expect(w.account.all(RECORD.customerLink).filter((r) => r.fields[LINK.customer] === String(id))).toEqual([]);
  advance(w, 3600);
  expect(massSync(w).output).toEqual([{ key: 'updated', value: String(id) }]);
  expect(w.stripe.calls.filter((c) => c.method === 'POST').pop()!.replayed).toBe(false);
  expect(stripeCustomer(stripeId).phone).toBe('+1 555 0501');
});

test('a refusal Stripe did not save (4xx) in the mass sync moves no version either: nothing is written on the customer, no link is made, the log names its Stripe customer', () => {
  const id = w.account.addCustomer({ companyname: 'Mass Refused', email: 'mr@refused.test', subsidiary: String(w.parent) });
  massSync(w);
  const synced = { ...customer(id) };
  customer(id).phone = '+1 555 0400 ext. 12345 (front desk)';
  advance(w, 3600);
  expect(massSync(w).output).toEqual([{ key: 'failed', value: String(id) }]);
  expect(customer(id)[CUSTOMER.syncHash]).toBe(synced[CUSTOMER.syncHash]);
  expect(customer(id)[CUSTOMER.lastSync]).toEqual(synced[CUSTOMER.lastSync]);
  expect(w.account.all(RECORD.customerLink).filter((r) => r.fields[LINK.customer] === String(id))).toEqual([]);
  expect(syncLogRows(w).filter((r) => r.custrecord_pp_sl_outcome === 'failed')).toEqual([expect.objectContaining({
    custrecord_pp_sl_customer: String(id), custrecord_pp_sl_source: 'mass', custrecord_pp_sl_stripe_id: synced[CUSTOMER.stripeId],
    custrecord_pp_sl_message: expect.stringContaining('Stripe refused the request'),
  })]);
});

test('the mass sync of a customer whose email only another NetSuite customer\'s Stripe customer has: refused, and the sync log names that Stripe customer', () => {
  const owner = w.account.addCustomer({ companyname: 'Head Office', email: 'ap@head.test', subsidiary: String(w.parent) });
  clickSync(w, owner);
  const theirs = String(customer(owner)[CUSTOMER.stripeId]);
  const twin = w.account.addCustomer({ companyname: 'Head Office Branch', email: 'ap@head.test', subsidiary: String(w.parent) });
  advance(w, 3600);
  expect(massSync(w).output).toContainEqual({ key: 'failed', value: String(twin) });
  expect(customer(twin)[CUSTOMER.stripeId] || '').toBe('');
  expect(syncLogRows(w).filter((r) => r.custrecord_pp_sl_outcome === 'failed')).toEqual([
    expect.objectContaining({ custrecord_pp_sl_customer: String(twin), custrecord_pp_sl_source: 'mass', custrecord_pp_sl_stripe_id: theirs }),
  ]);
});

test('a lost write-back found more than a day later, its new email already on an unclaimed Stripe customer: its own Stripe customer is linked, not the stranger', () => {
  const { id, first } = lostThenNewEmail('Renamed', 'old@renamed.test', 'shared@renamed.test');
  const stranger = w.stripe.seedCustomer({ email: 'shared@renamed.test' });
  advance(w, 2 * 86400);
  expect(clickSync(w, id).message.type).toBe('CONFIRMATION');
  expect(customer(id)[CUSTOMER.stripeId]).toBe(first);
  expect(stripeCustomer(first).email).toBe('shared@renamed.test');
  expect(stripeCustomer(String(stranger.id)).metadata).not.toHaveProperty('netsuite_customer_id');
});

test('Stripe keeps a create key 24 hours: a first sync searches Stripe by metadata from 23 hours after Date Created on, not a minute before', () => {
  const created = Math.ceil(w.account.clock.now() / 60000) * 60000 + 60000; // a whole minute, as Date Created shows it
  setClock(w, created);
  const early = w.account.addCustomer({ companyname: 'Day Old A', email: 'a@dayold.test', subsidiary: String(w.parent) });
  const late = w.account.addCustomer({ companyname: 'Day Old B', email: 'b@dayold.test', subsidiary: String(w.parent) });
  const paths = (r: { stripeCalls: number }) => w.stripe.calls.slice(-r.stripeCalls).map((c) => `${c.method} ${c.path}`);
  setClock(w, created + 23 * 3600 * 1000 - 60 * 1000);
  expect(paths(clickSync(w, early))).toEqual(['GET /v1/customers', 'POST /v1/customers']);
  setClock(w, created + 23 * 3600 * 1000);
  expect(paths(clickSync(w, late))).toEqual(['GET /v1/customers', 'GET /v1/customers/search', 'POST /v1/customers']);
});
