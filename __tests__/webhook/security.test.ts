/**
 * Issue 41, the webhook: whoever can sign events (a config editor who pasted their own signing
 * secret) cannot book a charge under another customer, and only an Administrator can set a signing
 * secret.
 */
import { randomBytes } from 'crypto';
import { RECORD, CONFIG, PAYMENT } from '../../src/core/ids';
import { UserInfo } from '../../emulator/netsuite';
import { deliver, linkedCustomer, saveConfig, webhookWorld, WebhookWorld, answerOf } from './setup';

let w: WebhookWorld;
beforeEach(() => {
  w = webhookWorld();
});

const payments = () => w.account.all(RECORD.payment).map((r) => r.fields);
const lastEvent = (type: string) => w.stripe.store().events.filter((e) => e.type === type).pop()!;

test('a signed charge event whose payload names another customer is refused: the customer is the one on the charge Stripe answers', () => {
  const payer = linkedCustomer(w, 'Payer Co', 'ap@payer.test');
  const other = linkedCustomer(w, 'Other Co', 'ap@other.test');
  const charge = w.stripe.seedCharge(payer.stripeId, { amount: 9900, currency: 'usd' });
  const genuine = lastEvent('charge.succeeded') as unknown as { id: string; data: { object: Record<string, unknown> } };
  // the same charge, its payload rewritten to name the other customer, correctly signed
  const forged = { ...genuine, id: `${genuine.id}x`, data: { ...genuine.data, object: { ...genuine.data.object, customer: other.stripeId } } };
  const res = deliver(w, forged);
  expect(answerOf(w, res)).toMatchObject({ status: 'ignored', note: `The event names Stripe customer ${other.stripeId} but Stripe says charge ${String(charge.id)} is customer ${payer.stripeId}'s: not recorded.` });
  expect(payments()).toEqual([]);
  // the genuine event books it under its own customer
  expect(answerOf(w, deliver(w, genuine))).toMatchObject({ status: 'processed' });
  expect(payments()).toEqual([expect.objectContaining({ [PAYMENT.chargeId]: charge.id, [PAYMENT.customer]: String(payer.customerId) })]);
});

test('only an Administrator can set a signing secret: a role given Edit on configs cannot paste its own', () => {
  const editor: UserInfo = { ...w.account.user, id: 12, name: 'Cleo Config', role: 'accountant', roleId: '1012', permissions: { customrecord_pp_config: 3, customrecord_pp_webhook: 2 } };
  const before = w.account.get(RECORD.config, w.parentConfig).fields[CONFIG.webhookSecret];
  for (const field of [CONFIG.webhookNewSecret, CONFIG.webhookSecret]) {
    const save = () => saveConfig(w.parentConfig, { [field]: 'whsec_mine' }, editor);
    expect(save).toThrow(expect.objectContaining({ name: 'INSUFFICIENT_PERMISSION' }));
  }
  expect(w.account.get(RECORD.config, w.parentConfig).fields[CONFIG.webhookSecret]).toBe(before);
  // the same editor may change what is theirs to change
  expect(saveConfig(w.parentConfig, { [CONFIG.portalReturnUrl]: 'https://example.com/billing' }, editor).afterSubmitError).toBeUndefined();
});

describe('a config can touch only the endpoints PayPack made for it', () => {
  const auth = () => ({ Authorization: `Bearer ${w.account.secrets.get('custsecret_pp_stripe_sk')!.value}` });
  /** Another integration's endpoint on the same Stripe account. */
  function foreignEndpoint(): { id: string; url: string; status: string; enabled_events: string[] } {
    const res = w.stripe.handle({ method: 'POST', url: '/v1/webhook_endpoints', headers: auth(), body: 'url=https%3A%2F%2Ferp.other.example%2Fstripe&enabled_events[]=invoice.paid&metadata[owner]=other' });
    expect(res.status).toBe(200);
    return JSON.parse(res.body);
  }
  const endpoint = (id: string) => JSON.parse(w.stripe.handle({ method: 'GET', url: `/v1/webhook_endpoints/${id}`, headers: auth(), body: '' }).body);
  const status = () => String(w.account.get(RECORD.config, w.parentConfig).fields[CONFIG.webhookStatus]);

  test('another integration\'s endpoint id put in Webhook Endpoint ID: not rewritten, not disabled; the config says why', () => {
    const other = foreignEndpoint();
    saveConfig(w.parentConfig, { [CONFIG.webhookId]: other.id });
    expect(endpoint(other.id)).toMatchObject({ url: other.url, status: 'enabled', enabled_events: ['invoice.paid'] });
    expect(status()).toMatch(new RegExp(`^Failed: Webhook endpoint ${other.id} is not one PayPack made for this config`));
    saveConfig(w.parentConfig, { [CONFIG.webhookEnabled]: false });
    expect(endpoint(other.id)).toMatchObject({ url: other.url, status: 'enabled', enabled_events: ['invoice.paid'] });
    expect(status()).toMatch(/^Failed: Webhook endpoint .* is not one PayPack made for this config/);
  });

  test('the endpoint another config made is not this config\'s either', () => {
    saveConfig(w.europeConfig, { [CONFIG.webhookEnabled]: true });
    const europeEndpoint = String(w.account.get(RECORD.config, w.europeConfig).fields[CONFIG.webhookId]);
    // the Europe config's key is another Stripe account: give the parent config its endpoint id on the parent's account
    const parents = endpoint(String(w.account.get(RECORD.config, w.parentConfig).fields[CONFIG.webhookId]));
    expect(parents.metadata).toEqual({ netsuite_config_id: String(w.parentConfig) });
    saveConfig(w.europeConfig, { [CONFIG.webhookId]: parents.id, [CONFIG.secret]: 'custsecret_pp_stripe_sk' });
    saveConfig(w.europeConfig, { [CONFIG.webhookEnabled]: false });
    expect(endpoint(parents.id)).toMatchObject({ status: 'enabled' });
    expect(String(w.account.get(RECORD.config, w.europeConfig).fields[CONFIG.webhookStatus])).toMatch(/is not one PayPack made for this config/);
    expect(europeEndpoint).toMatch(/^we_/);
  });

  test('its own endpoint is still disabled and enabled as before', () => {
    const own = String(w.account.get(RECORD.config, w.parentConfig).fields[CONFIG.webhookId]);
    saveConfig(w.parentConfig, { [CONFIG.webhookEnabled]: false });
    expect(endpoint(own).status).toBe('disabled');
    saveConfig(w.parentConfig, { [CONFIG.webhookEnabled]: true });
    expect(endpoint(own).status).toBe('enabled');
  });
});

test('the answer to Stripe (shown in its Dashboard) carries only the outcome: no NetSuite ids, amounts or error text', () => {
  const payer = linkedCustomer(w, 'Payer Co', 'ap@payer.test');
  w.stripe.seedCharge(payer.stripeId, { amount: 4250, currency: 'usd' });
  const res = deliver(w, lastEvent('charge.succeeded'));
  const body = JSON.parse(res.body);
  expect(body).toEqual({ received: true, id: body.id, status: 'processed' });
  expect(res.body).not.toMatch(new RegExp(`${payer.customerId}|42\\.5|USD`));
  // what PayPack did is on the event row, for the accountant
  expect(answerOf(w, res).note).toMatch(new RegExp(`^customer ${payer.customerId}: payment ch_\\w+ created: 42.5 USD succeeded.$`));
});

test('the URLs Stripe sends the customer to must be https, checked when the config is saved', () => {
  for (const [field, label] of [[CONFIG.paySuccessUrl, 'Pay by Card Success URL'], [CONFIG.payCancelUrl, 'Pay by Card Cancel URL'], [CONFIG.portalReturnUrl, 'Portal Return URL']]) {
    for (const bad of ['http://example.com/paid', 'javascript:alert(1)', 'example.com/paid', 'https://exa mple.com']) {
      expect(() => saveConfig(w.parentConfig, { [field]: bad })).toThrow(expect.objectContaining({ name: 'PAYPACK_CONFIG_URL', message: expect.stringContaining(`${label} must be an https address`) }));
    }
    expect(w.account.get(RECORD.config, w.parentConfig).fields[field] ?? '').not.toMatch(/^http:|javascript|^example/);
    expect(saveConfig(w.parentConfig, { [field]: 'https://pay.example.com:8443/done?x=1#top' }).afterSubmitError).toBeUndefined();
  }
});

test('no system note shows a signing secret: the config keeps none, and PayPack notes each change itself, a secret only as replaced', () => {
  const first = w.signingSecret;
  const rolled = `whsec_${randomBytes(24).toString('hex')}`;
  saveConfig(w.parentConfig, { [CONFIG.webhookNewSecret]: rolled });
  saveConfig(w.parentConfig, { [CONFIG.portalReturnUrl]: 'https://example.com/billing' });
  expect(w.account.get(RECORD.config, w.parentConfig).fields[CONFIG.webhookSecret]).toBe(rolled);
  // what an Accountant (View on PayPack Config) opens on the config's System Notes subtab
  const accountant: UserInfo = { ...w.account.user, id: 14, name: 'Ann Accountant', role: 'accountant', roleId: '1014' };
  const notes = w.account.invoke({ kind: 'suitelet', executionContext: 'USERINTERFACE', user: accountant }, () => w.account.systemNotes(RECORD.config, w.parentConfig));
  expect(notes).toEqual([]);
  expect(w.account.findSecretLeaks([first, rolled])).toEqual([]);
  const changes = w.account.all(RECORD.webhook).map((r) => r.fields).filter((f) => f.custrecord_pp_wh_action === 'config changed').map((f) => f.custrecord_pp_wh_message);
  // the first row is the world's own setup, which checked Enable Webhook
  expect(changes).toEqual(['Enable Webhook: No → Yes', 'Webhook Signing Secret: replaced', 'Portal Return URL: https://example.com/account → https://example.com/billing']);
});
