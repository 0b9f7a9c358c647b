/** Enable Webhook in NetSuite: the config record, the Suitelet's external URL, the webhook log. */
import * as log from 'N/log';
import * as record from 'N/record';
import * as url from 'N/url';
import type { Record as NsRecord } from 'N/record';
import { CONFIG, RECORD, SCRIPT, WEBHOOK_LOG } from '../core/ids';
import { configChangeNote } from '../core/config';
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

function logChange(configId: string, change: Pick<EndpointChange, 'endpointId' | 'url' | 'events' | 'message'> & { action: EndpointChange['action'] | 'config changed' }): void {
  const rec = record.create({ type: RECORD.webhook });
  rec.setValue({ fieldId: WEBHOOK_LOG.config, value: configId });
  rec.setValue({ fieldId: WEBHOOK_LOG.endpointId, value: change.endpointId });
  rec.setValue({ fieldId: WEBHOOK_LOG.url, value: change.url });
  rec.setValue({ fieldId: WEBHOOK_LOG.action, value: change.action });
  rec.setValue({ fieldId: WEBHOOK_LOG.events, value: change.events.join(', ') });
  rec.setValue({ fieldId: WEBHOOK_LOG.message, value: change.message.slice(0, 4000) });
  rec.save();
}

/** Fields PayPack keeps up to date itself (the endpoint's status, the import's progress): not a person's change. */
const KEPT_BY_PAYPACK: string[] = [CONFIG.webhookStatus, CONFIG.historyDone, CONFIG.historyBefore];
const SECRET_FIELDS: string[] = [CONFIG.webhookSecret, CONFIG.webhookNewSecret];

/** A config field's value as a person reads it: the name of a chosen record or list value, the date as shown. */
function shown(rec: NsRecord | null | undefined, fieldId: string, type: string): string {
  if (!rec) return '';
  const v = rec.getValue({ fieldId });
  if (v === '' || v === null || v === undefined || (Array.isArray(v) && !v.length)) return '';
  if (type === 'checkbox') return v === true || v === 'T' ? 'Yes' : 'No';
  if (type === 'select' || type === 'multiselect' || type === 'date' || type === 'datetime') {
    const t = rec.getText({ fieldId }) as unknown;
    return Array.isArray(t) ? t.join(', ') : String(t ?? '');
  }
  return String(v).trim();
}

/**
 * afterSubmit of an edit: one webhook log row (action `config changed`) naming each field a save changed, old and
 * new value, secrets only as set/replaced/cleared: the audit trail the config's system notes would give.
 */
export function logConfigChanges(rec: NsRecord, old: NsRecord | null | undefined, inlineEdit: boolean): void {
  // a new config: who made it and when are the record's own Owner and Date Created
  if (!old) return;
  // an inline edit's record carries only the fields it changed
  const given = inlineEdit ? new Set(rec.getFields()) : undefined;
  const changes = [{ fieldId: 'name', label: 'Name', type: 'text' }, ...Object.values(CONFIG).filter((f) => !KEPT_BY_PAYPACK.includes(f)).map((fieldId) => {
    const field = rec.getField({ fieldId });
    return { fieldId, label: field?.label || fieldId, type: field?.type || 'text' };
  })].filter((f) => !given || given.has(f.fieldId)).map((f) => ({
    label: f.label, before: shown(old, f.fieldId, f.type), after: shown(rec, f.fieldId, f.type), secret: SECRET_FIELDS.includes(f.fieldId),
  }));
  const note = configChangeNote(changes);
  if (!note) return;
  logChange(String(rec.id), { action: 'config changed', endpointId: text(rec, CONFIG.webhookId), url: '', events: [], message: note });
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
