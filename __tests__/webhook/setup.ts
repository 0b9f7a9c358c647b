/** A config with Enable Webhook on, and a way to deliver signed Stripe events to the webhook Suitelet. */
import Stripe from 'stripe';
import { runMapReduce, runSubmit, runSuitelet, runBeforeLoad, UserInfo } from '../../emulator/netsuite';
import { ACCOUNTANT, clickSync, syncWorld, SyncWorld } from '../sync/setup';
import { compiled } from '../compiled';
import { CONFIG, CUSTOMER, EVENT, RECORD, SCRIPT } from '../../src/core/ids';

const sdk = new Stripe('sk_test_signing_only', { maxNetworkRetries: 0 });

export interface WebhookWorld extends SyncWorld {
  signingSecret: string;
  endpointId: string;
}

/** The admin (or another user) saves a config; its user event runs (Enable Webhook). */
export function saveConfig(configId: number, values: Record<string, unknown>, user?: UserInfo) {
  return runSubmit(compiled('pp_ue_config'), { scriptId: SCRIPT.ueConfig.scriptId, user }, { type: 'edit', recordType: RECORD.config, id: configId, values });
}

export function configPage(configId: number) {
  return runBeforeLoad(compiled('pp_ue_config'), { scriptId: SCRIPT.ueConfig.scriptId }, { type: 'view', recordType: RECORD.config, id: configId });
}

export function webhookWorld(): WebhookWorld {
  const w = syncWorld();
  saveConfig(w.parentConfig, { [CONFIG.webhookEnabled]: true });
  const cfg = w.account.get(RECORD.config, w.parentConfig).fields;
  return { ...w, signingSecret: String(cfg[CONFIG.webhookSecret]), endpointId: String(cfg[CONFIG.webhookId]) };
}

export function sign(payload: string, secret: string, timestamp?: number): string {
  return sdk.webhooks.generateTestHeaderString({ payload, secret, timestamp });
}

/** Stripe delivers an event to the Suitelet's URL for the config. */
export function deliver(w: WebhookWorld, event: object | string, options: { signature?: string | null; secret?: string; timestamp?: number; configId?: number; stopAt?: number } = {}) {
  const body = typeof event === 'string' ? event : JSON.stringify(event);
  const signature = options.signature === null ? undefined : options.signature ?? sign(body, options.secret ?? w.signingSecret, options.timestamp);
  const calls = w.stripe.calls.length;
  const headers: Record<string, string> = { 'Content-Type': 'application/json; charset=utf-8', 'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)' };
  if (signature !== undefined) headers['Stripe-Signature'] = signature;
  // the shipped file, as Stripe's delivery reaches it
  const res = runSuitelet(compiled('pp_sl_webhook'), { scriptId: SCRIPT.slWebhook.scriptId }, {
    method: 'POST', headers, body, parameters: { config: String(options.configId ?? w.parentConfig) }, stopAt: options.stopAt,
  });
  return { ...res, stripeCalls: w.stripe.calls.length - calls };
}

/**
 * What a delivery did: Stripe's answer (the outcome only) with the note the event row keeps, where
 * the accountant reads what PayPack did.
 */
export function answerOf(w: SyncWorld, res: { body: string }): { received: boolean; id: string; status: string; note: string } {
  const body = JSON.parse(res.body) as { received: boolean; id: string; status: string; note?: string };
  const row = w.account.all(RECORD.event).find((r) => r.fields[EVENT.id] === body.id);
  return { ...body, note: body.note ?? String(row?.fields[EVENT.error] ?? '') };
}

/**
 * Stripe delivers what happened since `since` (an index into its events) as Stripe would: only the
 * events the config's endpoint subscribes to, each signed with the endpoint's secret.
 */
export function deliverSubscribed(w: WebhookWorld, since: number) {
  const endpoint = w.stripe.store().webhookEndpoints.get(w.endpointId)!;
  return w.stripe.deliveries(since).filter((d) => d.url === endpoint.url).map((d) => ({ type: d.type, ...deliver(w, d.body, { signature: d.signature }) }));
}

export function eventRows(w: SyncWorld) {
  return w.account.all(RECORD.event).map((r) => r.fields);
}

export function retryEvents() {
  return runMapReduce(compiled('pp_mr_events'), { scriptId: SCRIPT.mrEvents.scriptId });
}

export function refreshDefaults() {
  return runMapReduce(compiled('pp_mr_defpm'), { scriptId: SCRIPT.mrDefPm.scriptId });
}

/** A Stripe event object as Stripe sends it. */
export function stripeEvent(type: string, object: Record<string, unknown>, created: number, extra: Record<string, unknown> = {}) {
  return {
    id: `evt_${Math.random().toString(36).slice(2, 12)}${Math.random().toString(36).slice(2, 8)}`, object: 'event', api_version: '2025-09-30.clover',
    created, livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, type, data: { object, ...extra },
  };
}

export { ACCOUNTANT };

/** A customer of the parent subsidiary, synced by PayPack Sync (so linked to a Stripe customer). */
export function linkedCustomer(w: WebhookWorld, name: string, email = `${name.toLowerCase().replace(/\W+/g, '.')}@pay.test`): { customerId: number; stripeId: string } {
  const customerId = w.account.addCustomer({ companyname: name, email, subsidiary: String(w.parent) });
  clickSync(w, customerId);
  return { customerId, stripeId: String(w.account.get('customer', customerId).fields[CUSTOMER.stripeId]) };
}
