/**
 * Issue 41, the webhook: whoever can sign events (a config editor who pasted their own signing
 * secret) cannot book a charge under another customer, and only an Administrator can set a signing
 * secret.
 */
import { RECORD, CONFIG, PAYMENT } from '../../src/core/ids';
import { UserInfo } from '../../emulator/netsuite';
import { deliver, linkedCustomer, saveConfig, webhookWorld, WebhookWorld } from './setup';

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
  expect(JSON.parse(res.body)).toMatchObject({ status: 'ignored', note: `The event names Stripe customer ${other.stripeId} but Stripe says charge ${String(charge.id)} is customer ${payer.stripeId}'s: not recorded.` });
  expect(payments()).toEqual([]);
  // the genuine event books it under its own customer
  expect(JSON.parse(deliver(w, genuine).body)).toMatchObject({ status: 'processed' });
  expect(payments()).toEqual([expect.objectContaining({ [PAYMENT.chargeId]: charge.id, [PAYMENT.customer]: String(payer.customerId) })]);
});

test('only an Administrator can set a signing secret: a role given Edit on configs cannot paste its own', () => {
  const editor: UserInfo = { ...w.account.user, id: 12, name: 'Cleo Config', role: 'accountant', roleId: '1012', permissions: { customrecord_pp_config: 3 } };
  const before = w.account.get(RECORD.config, w.parentConfig).fields[CONFIG.webhookSecret];
  for (const field of [CONFIG.webhookNewSecret, CONFIG.webhookSecret]) {
    const save = () => saveConfig(w.parentConfig, { [field]: 'whsec_mine' }, editor);
    expect(save).toThrow(expect.objectContaining({ name: 'INSUFFICIENT_PERMISSION' }));
  }
  expect(w.account.get(RECORD.config, w.parentConfig).fields[CONFIG.webhookSecret]).toBe(before);
  // the same editor may change what is theirs to change
  expect(saveConfig(w.parentConfig, { [CONFIG.portalReturnUrl]: 'https://example.com/billing' }, editor).afterSubmitError).toBeUndefined();
});
