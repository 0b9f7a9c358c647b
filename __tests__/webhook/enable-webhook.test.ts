/** Enable Webhook on the PayPack Config: create, disable, enable, recreate; every change and failure logged. */
import { CONFIG, RECORD, SCRIPT } from '../../src/core/ids';
import { runSubmit } from '../../emulator/netsuite';
import { compiled } from '../compiled';
import { HANDLED_EVENTS } from '../../src/core/webhook-events';
import { STRIPE_API_VERSION, StripeError } from '../../src/core/stripe/client';
import { describeEndpointFailure } from '../../src/core/webhook-endpoint';
import { syncWorld, SyncWorld } from '../sync/setup';
import { advance } from '../../emulator/world';
import { configPage, saveConfig } from './setup';

let w: SyncWorld;
const ROLLED = `whsec_${'rolled'.repeat(4)}`; // generated, not a real secret
beforeEach(() => { w = syncWorld(); });

const cfg = () => w.account.get(RECORD.config, w.parentConfig).fields;
/** The endpoint's rows of the webhook log (a config edit also writes its own `config changed` row). */
const logRows = () => w.account.all(RECORD.webhook).map((r) => r.fields).filter((f) => f.custrecord_pp_wh_action !== 'config changed');
const endpoints = () => [...w.stripe.store().webhookEndpoints.values()];

test('first time checked: an endpoint for the Suitelet\'s external URL, only the handled events, the pinned API version', () => {
  const run = saveConfig(w.parentConfig, { [CONFIG.webhookEnabled]: true });
  expect(run.afterSubmitError).toBeUndefined();
  const [we] = endpoints();
  expect(we.url).toMatch(/^https:\/\/tstdrv1234567\.extforms\.netsuite\.com\/app\/site\/hosting\/scriptlet\.nl\?script=\d+&deploy=\d+&compid=TSTDRV1234567&ns-at=[\w-]+&config=1$/);
  expect(we.enabled_events).toEqual(HANDLED_EVENTS);
  expect(we.api_version).toBe(STRIPE_API_VERSION);
  expect(we.status).toBe('enabled');
  expect(cfg()[CONFIG.webhookId]).toBe(we.id);
  expect(cfg()[CONFIG.webhookSecret]).toBe(we._secret);
  expect(logRows()).toEqual([expect.objectContaining({ custrecord_pp_wh_action: 'created', custrecord_pp_wh_endpoint_id: we.id, custrecord_pp_wh_url: we.url, custrecord_pp_wh_config: String(w.parentConfig) })]);
  // the signing secret is kept in the config's hidden field only
  expect(w.account.findSecretLeaks([String(we._secret)])).toEqual([]);
  expect(configPage(w.parentConfig).form.pageInitMessages[0]).toMatchObject({ type: 'INFORMATION', message: expect.stringContaining(`Created ${we.id}`) });
});

test('toggled off and on: the same endpoint, disabled then enabled, two log rows', () => {
  saveConfig(w.parentConfig, { [CONFIG.webhookEnabled]: true });
  const id = cfg()[CONFIG.webhookId];
  saveConfig(w.parentConfig, { [CONFIG.webhookEnabled]: false });
  expect(endpoints()[0].status).toBe('disabled');
  saveConfig(w.parentConfig, { [CONFIG.webhookEnabled]: true });
  expect(endpoints()).toHaveLength(1);
  expect(endpoints()[0]).toMatchObject({ id, status: 'enabled' });
  expect(logRows().map((r) => r.custrecord_pp_wh_action)).toEqual(['created', 'disabled', 'enabled']);
  // saving again with nothing to change writes nothing
  saveConfig(w.parentConfig, { name: 'Parent Stripe (renamed)' });
  expect(logRows()).toHaveLength(3);
});

test('Stripe no longer has the endpoint: a new one is created and the log says so', () => {
  saveConfig(w.parentConfig, { [CONFIG.webhookEnabled]: true });
  const old = String(cfg()[CONFIG.webhookId]);
  saveConfig(w.parentConfig, { [CONFIG.webhookEnabled]: false });
  w.stripe.store().webhookEndpoints.clear();
  saveConfig(w.parentConfig, { [CONFIG.webhookEnabled]: true });
  expect(endpoints()).toHaveLength(1);
  expect(cfg()[CONFIG.webhookId]).not.toBe(old);
  expect(logRows().pop()).toMatchObject({ custrecord_pp_wh_action: 'created', custrecord_pp_wh_message: expect.stringContaining(`Stripe no longer had endpoint ${old}: created a new one.`) });
});

test('an invalid key: the config is saved, a failed row holds the reason, the admin sees it on the page', () => {
  w.account.setSecret('custsecret_pp_stripe_sk', `sk_test_${'notavalidkey'.repeat(2)}`);
  const run = saveConfig(w.parentConfig, { [CONFIG.webhookEnabled]: true, name: 'Saved anyway' });
  expect(run.afterSubmitError).toBeUndefined();
  expect(cfg().name).toBe('Saved anyway');
  expect(cfg()[CONFIG.webhookEnabled]).toBe(true);
  expect(logRows()).toEqual([expect.objectContaining({ custrecord_pp_wh_action: 'failed', custrecord_pp_wh_message: expect.stringContaining('Stripe refused the API key in API secret custsecret_pp_stripe_sk (401)') })]);
  const page = configPage(w.parentConfig);
  expect(page.form.pageInitMessages).toEqual([expect.objectContaining({ type: 'ERROR', message: expect.stringContaining('Failed: Stripe refused the API key') })]);
  expect(JSON.stringify(page.form.pageInitMessages)).not.toContain('notavalidkey');
  // unchecked again: no endpoint was ever made, so there is nothing to ask Stripe or to log
  const calls = w.stripe.calls.length;
  saveConfig(w.parentConfig, { [CONFIG.webhookEnabled]: false });
  expect(w.stripe.calls.length).toBe(calls);
  expect(logRows()).toHaveLength(1);
});

test('Stripe at 16 endpoints: a failed row with Stripe\'s answer and what to do', () => {
  for (let i = 0; i < 16; i++) w.stripe.store().webhookEndpoints.set(`we_other${i}`, { id: `we_other${i}`, url: `https://other.example.com/${i}`, status: 'enabled', enabled_events: ['*'] });
  saveConfig(w.parentConfig, { [CONFIG.webhookEnabled]: true });
  expect(logRows()).toEqual([expect.objectContaining({
    custrecord_pp_wh_action: 'failed',
    custrecord_pp_wh_message: expect.stringMatching(/maximum of 16 test webhook endpoints.*Delete endpoints you no longer use/),
  })]);
  expect(cfg()[CONFIG.webhookId] ?? '').toBe('');
});

test('rolling the signing secret: the pasted value moves into the hidden field and the visible one is blanked', () => {
  saveConfig(w.parentConfig, { [CONFIG.webhookEnabled]: true });
  saveConfig(w.parentConfig, { [CONFIG.webhookNewSecret]: ROLLED });
  expect(cfg()[CONFIG.webhookSecret]).toBe(ROLLED);
  expect(cfg()[CONFIG.webhookNewSecret]).toBe('');
  expect(() => saveConfig(w.parentConfig, { [CONFIG.webhookNewSecret]: 'not-a-secret' })).toThrow(/must start with whsec_/);
});

test('the Suitelet URL changed (e.g. the account moved): the same endpoint gets the new URL', () => {
  saveConfig(w.parentConfig, { [CONFIG.webhookEnabled]: true });
  w.account.accountId = 'TSTDRV7654321';
  saveConfig(w.parentConfig, { name: 'after the move' });
  expect(endpoints()).toHaveLength(1);
  expect(endpoints()[0].url).toContain('tstdrv7654321.extforms.netsuite.com');
  expect(logRows().map((r) => r.custrecord_pp_wh_action)).toEqual(['created', 'updated']);
  expect(logRows()[1].custrecord_pp_wh_message).toMatch(/^URL changed from https:\/\/tstdrv1234567\./);
});

test('the endpoint names its config in the Stripe Dashboard, and each log row carries Stripe\'s answer', () => {
  saveConfig(w.parentConfig, { [CONFIG.webhookEnabled]: true, name: 'Parent Stripe' });
  const [we] = endpoints();
  expect(we.description).toBe('PayPack for NetSuite: Parent Stripe');
  expect(we.metadata).toEqual({ netsuite_config_id: String(w.parentConfig) });
  saveConfig(w.parentConfig, { [CONFIG.webhookEnabled]: false });
  saveConfig(w.parentConfig, { [CONFIG.webhookEnabled]: true });
  const answer = (status: string) => `Stripe: {"id":"${we.id}","status":"${status}","url":"${we.url}","enabled_events":${JSON.stringify(HANDLED_EVENTS)},"api_version":"${STRIPE_API_VERSION}"}`;
  expect(logRows().map((r) => r.custrecord_pp_wh_message)).toEqual([`First time enabled: created. ${answer('enabled')}`, answer('disabled'), answer('enabled')]);
});

test('events changed in the Stripe Dashboard are put back on the next save; the same events in another order are left', () => {
  saveConfig(w.parentConfig, { [CONFIG.webhookEnabled]: true });
  const we = endpoints()[0];
  we.enabled_events = [...HANDLED_EVENTS].reverse();
  saveConfig(w.parentConfig, { name: 'same events, other order' });
  expect(logRows()).toHaveLength(1);
  we.enabled_events = [...HANDLED_EVENTS.slice(1), 'invoice.paid'];
  saveConfig(w.parentConfig, { name: 'one event swapped' });
  expect(endpoints()[0].enabled_events).toEqual(HANDLED_EVENTS);
  we.enabled_events = [...HANDLED_EVENTS, 'invoice.paid'];
  advance(w, 60); // a minute later, as an admin saves again
  saveConfig(w.parentConfig, { name: 'one event added' });
  expect(endpoints()[0].enabled_events).toEqual(HANDLED_EVENTS);
  expect(logRows().map((r) => r.custrecord_pp_wh_action)).toEqual(['created', 'updated', 'updated']);
});

test('saving with the box unchecked touches Stripe only when it was checked before', () => {
  saveConfig(w.parentConfig, { name: 'never enabled' });
  saveConfig(w.parentConfig, { [CONFIG.webhookEnabled]: true });
  saveConfig(w.parentConfig, { [CONFIG.webhookEnabled]: false });
  const calls = w.stripe.calls.length;
  saveConfig(w.parentConfig, { name: 'still off' });
  expect(w.stripe.calls.length).toBe(calls);
  expect(endpoints()[0].status).toBe('disabled');
  expect(logRows().map((r) => r.custrecord_pp_wh_action)).toEqual(['created', 'disabled']);
});

test('unchecked after Stripe lost the endpoint: logged as nothing to disable, no error; checked again, a new endpoint', () => {
  saveConfig(w.parentConfig, { [CONFIG.webhookEnabled]: true });
  const id = String(cfg()[CONFIG.webhookId]);
  w.stripe.store().webhookEndpoints.clear();
  const run = saveConfig(w.parentConfig, { [CONFIG.webhookEnabled]: false });
  expect(run.afterSubmitError).toBeUndefined();
  expect(logRows().pop()).toMatchObject({ custrecord_pp_wh_action: 'disabled', custrecord_pp_wh_endpoint_id: id, custrecord_pp_wh_events: '', custrecord_pp_wh_message: `Stripe no longer has endpoint ${id}; nothing to disable.` });
  // within Stripe's 24 hours of idempotency: the first create's answer (the lost endpoint) is not replayed
  const calls = w.stripe.calls.length;
  saveConfig(w.parentConfig, { [CONFIG.webhookEnabled]: true });
  expect(w.stripe.calls.slice(calls).map((c) => `${c.method} ${c.path} ${c.replayed}`)).toEqual([`GET /v1/webhook_endpoints/${id} false`, 'POST /v1/webhook_endpoints false']);
  expect(endpoints()).toEqual([expect.objectContaining({ id: cfg()[CONFIG.webhookId], status: 'enabled' })]);
  expect(cfg()[CONFIG.webhookId]).not.toBe(id);
  expect(logRows().pop()).toMatchObject({ custrecord_pp_wh_action: 'created', custrecord_pp_wh_message: expect.stringContaining(`Stripe no longer had endpoint ${id}: created a new one.`) });
});

test('Stripe failing while PayPack reads the endpoint: a failed row, and no second endpoint is made', () => {
  saveConfig(w.parentConfig, { [CONFIG.webhookEnabled]: true });
  saveConfig(w.parentConfig, { [CONFIG.webhookEnabled]: false });
  w.stripe.failNext({ status: 500, method: 'GET', path: /^\/v1\/webhook_endpoints\//, count: 10 });
  saveConfig(w.parentConfig, { [CONFIG.webhookEnabled]: true });
  expect(endpoints()).toHaveLength(1);
  expect(endpoints()[0].status).toBe('disabled');
  expect(logRows().pop()).toMatchObject({ custrecord_pp_wh_action: 'failed', custrecord_pp_wh_message: expect.stringContaining('Stripe refused the webhook endpoint change') });
});

test('Stripe refusing the Suitelet URL, and a failure that is not Stripe\'s: the admin reads which', () => {
  const refused = new StripeError('Invalid URL: must be publicly accessible.', 400, 'invalid_request_error', undefined, 'url');
  expect(describeEndpointFailure(refused, 'custsecret_pp_stripe_sk')).toBe('Stripe refused the Suitelet URL as a webhook endpoint: Invalid URL: must be publicly accessible.');
  const bug = new TypeError('x is undefined');
  expect(describeEndpointFailure(bug, 'custsecret_pp_stripe_sk')).toBe('TypeError: x is undefined');
  expect(describeEndpointFailure('plain text', 'custsecret_pp_stripe_sk')).toBe('plain text');
});

test('a Stripe key typed into the API secret id field: the save is refused and no record, log or message holds the key', () => {
  const key = `sk_live_${'typedin'.repeat(4)}`; // made up
  expect(() => saveConfig(w.parentConfig, { [CONFIG.secret]: key })).toThrow(/has a Stripe key where the id of its API secret belongs.*roll that key/);
  expect(cfg()[CONFIG.secret]).toBe('custsecret_pp_stripe_sk');
  expect(w.account.findSecretLeaks([key])).toEqual([]);
  // an inline edit of another field is not taken for a blank secret id
  const inline = runSubmit(compiled('pp_ue_config'), { scriptId: SCRIPT.ueConfig.scriptId }, { type: 'xedit', recordType: RECORD.config, id: w.parentConfig, values: { name: 'Renamed inline' } });
  expect(inline.afterSubmitError).toBeUndefined();
  expect(cfg().name).toBe('Renamed inline');
  expect(() => runSubmit(compiled('pp_ue_config'), { scriptId: SCRIPT.ueConfig.scriptId }, { type: 'xedit', recordType: RECORD.config, id: w.parentConfig, values: { [CONFIG.secret]: 'pasted key' } })).toThrow(/no valid API secret id/);
});

test('Stripe failing while PayPack disables the endpoint: a failed row, and the endpoint is still on in Stripe (not taken for gone)', () => {
  saveConfig(w.parentConfig, { [CONFIG.webhookEnabled]: true });
  w.stripe.failNext({ status: 500, method: 'POST', path: /^\/v1\/webhook_endpoints\//, count: 10 });
  saveConfig(w.parentConfig, { [CONFIG.webhookEnabled]: false });
  expect(endpoints()[0].status).toBe('enabled');
  expect(logRows().pop()).toMatchObject({ custrecord_pp_wh_action: 'failed' });
  expect(cfg()[CONFIG.webhookId]).toBe(endpoints()[0].id);
});
