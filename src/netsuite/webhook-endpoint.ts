/** Enable Webhook in NetSuite: the config record, the Suitelet's external URL, the webhook log. */
import * as log from 'N/log';
import * as record from 'N/record';
import * as url from 'N/url';
import type { Record as NsRecord } from 'N/record';
import { CONFIG, RECORD, SCRIPT, WEBHOOK_LOG } from '../core/ids';
import { describeEndpointFailure, EndpointChange, reconcileEndpoint, touchesStripe } from '../core/webhook-endpoint';
import { HANDLED_EVENTS } from '../core/webhook-events';
import { stripeClient } from './stripe';
import { showTime } from './field-values';

function text(rec: NsRecord | null | undefined, fieldId: string): string {
  return rec ? String(rec.getValue({ fieldId }) ?? '').trim() : '';
}
function checked(rec: NsRecord | null | undefined, fieldId: string): boolean {
  const v = rec?.getValue({ fieldId });
  return v === true || v === 'T';
}

/** The Suitelet's public URL for this config's events. */
export function webhookUrl(configId: string): string {
  return url.resolveScript({ scriptId: SCRIPT.slWebhook.scriptId, deploymentId: SCRIPT.slWebhook.deploymentId, returnExternalUrl: true, params: { config: configId } });
}

function logChange(configId: string, change: Pick<EndpointChange, 'action' | 'endpointId' | 'url' | 'events' | 'message'>): void {
  const rec = record.create({ type: RECORD.webhook });
  rec.setValue({ fieldId: WEBHOOK_LOG.config, value: configId });
  rec.setValue({ fieldId: WEBHOOK_LOG.endpointId, value: change.endpointId });
  rec.setValue({ fieldId: WEBHOOK_LOG.url, value: change.url });
  rec.setValue({ fieldId: WEBHOOK_LOG.action, value: change.action });
  rec.setValue({ fieldId: WEBHOOK_LOG.events, value: change.events.join(', ') });
  rec.setValue({ fieldId: WEBHOOK_LOG.message, value: change.message.slice(0, 4000) });
  rec.save();
}

/** beforeSubmit: move a pasted rolled secret into the hidden field and blank the visible one. */
export function takeRolledSecret(rec: NsRecord): void {
  const rolled = text(rec, CONFIG.webhookNewSecret);
  if (!rolled) return;
  if (!/^whsec_[A-Za-z0-9]+$/.test(rolled)) {
    throw new Error('The rolled webhook signing secret must start with whsec_. Copy it from the endpoint in the Stripe Dashboard (Developers → Webhooks).');
  }
  rec.setValue({ fieldId: CONFIG.webhookSecret, value: rolled });
  rec.setValue({ fieldId: CONFIG.webhookNewSecret, value: '' });
  rec.setValue({ fieldId: CONFIG.webhookStatus, value: `Signing secret replaced on ${showTime(Date.now())}.` });
}

/** afterSubmit: reconcile the endpoint with the checkbox; failures are logged and shown, never thrown. */
export function applyEnableWebhook(rec: NsRecord, old: NsRecord | null | undefined): void {
  const configId = String(rec.id);
  const secretId = text(rec, CONFIG.secret);
  const wish = {
    configId, configName: text(rec, 'name') || `PayPack Config ${configId}`,
    enabled: checked(rec, CONFIG.webhookEnabled), wasEnabled: checked(old, CONFIG.webhookEnabled),
    endpointId: text(rec, CONFIG.webhookId), url: '',
  };
  if (!touchesStripe(wish)) return;
  wish.url = webhookUrl(configId);
  let change: EndpointChange | undefined;
  try {
    change = reconcileEndpoint(stripeClient(secretId), wish);
  } catch (e) {
    const message = describeEndpointFailure(e, secretId);
    logChange(configId, { action: 'failed', endpointId: wish.endpointId, url: wish.url, events: HANDLED_EVENTS, message });
    record.submitFields({ type: RECORD.config, id: configId, values: { [CONFIG.webhookStatus]: `Failed: ${message}`.slice(0, 4000) } });
    log.error({ title: 'PayPack Enable Webhook failed', details: message });
    return;
  }
  if (!change) return;
  logChange(configId, change);
  const values: Record<string, string> = {
    [CONFIG.webhookId]: change.endpointId,
    [CONFIG.webhookStatus]: `${change.action.charAt(0).toUpperCase()}${change.action.slice(1)} ${change.endpointId || ''} on ${showTime(Date.now())}. ${change.message}`.slice(0, 4000),
  };
  if (change.signingSecret) values[CONFIG.webhookSecret] = change.signingSecret;
  if (change.mode) values[CONFIG.webhookMode] = change.mode;
  record.submitFields({ type: RECORD.config, id: configId, values });
}
