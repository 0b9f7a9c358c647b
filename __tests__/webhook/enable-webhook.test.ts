/** Enable Webhook on the PayPack Config: create, disable, enable, recreate; every change and failure logged. */
import { CONFIG, RECORD } from '../../src/core/ids';
import { HANDLED_EVENTS } from '../../src/core/webhook-events';
import { STRIPE_API_VERSION } from '../../src/core/stripe/client';
import { syncWorld, SyncWorld } from '../sync/setup';
import { configPage, saveConfig } from './setup';

let w: SyncWorld;
const ROLLED = `whsec_${'rolled'.repeat(4)}`; // generated, not a real secret
beforeEach(() => { w = syncWorld(); });

const cfg = () => w.account.get(RECORD.config, w.parentConfig).fields;
const logRows = () => w.account.all(RECORD.webhook).map((r) => r.fields);
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
