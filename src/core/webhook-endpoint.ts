/**
 * Enable Webhook: keep the Stripe webhook endpoint of a config in step with its checkbox.
 * First time on: create it (its signing secret is returned only then). Later: flip `disabled`
 * on the same endpoint; recreate it only when Stripe no longer has it. Only an endpoint whose
 * metadata names the config (as PayPack's create sets it) is ever changed or disabled.
 */
import { STRIPE_API_VERSION, StripeClient, StripeError } from './stripe/client';
import { HANDLED_EVENTS } from './webhook-events';
import { sha256Hex } from './sha256';

export type EndpointAction = 'created' | 'enabled' | 'disabled' | 'updated' | 'failed';

export interface EndpointChange {
  action: EndpointAction;
  endpointId: string;
  url: string;
  events: string[];
  /** For the log: what happened, and Stripe's answer (never the signing secret). */
  message: string;
  /** Only when an endpoint was created. */
  signingSecret?: string;
  /** Only when an endpoint was created: the Stripe mode its events come in. */
  mode?: 'live' | 'test';
}

interface WebhookEndpoint { id: string; url: string; status: 'enabled' | 'disabled'; enabled_events: string[]; api_version?: string | null; secret?: string; livemode?: boolean; metadata?: Record<string, string> | null }

/** An endpoint PayPack did not make for this config: PayPack neither changes nor disables it. */
export class ForeignEndpoint extends Error {
  constructor(endpointId: string, configId: string) {
    super(`Webhook endpoint ${endpointId} is not one PayPack made for this config (its metadata does not name netsuite_config_id ${configId}), so PayPack left it as it is. Clear Webhook Endpoint ID and save with Enable Webhook checked to create this config's own endpoint.`);
    this.name = 'ForeignEndpoint';
  }
}

/** Only endpoints whose metadata names this config are PayPack's to touch (another integration's are not). */
function requireOurs(we: WebhookEndpoint, configId: string): void {
  if (we.metadata?.netsuite_config_id !== configId) throw new ForeignEndpoint(we.id, configId);
}

export interface EndpointWish {
  configId: string;
  configName: string;
  enabled: boolean;
  /** Was the box checked before this save? */
  wasEnabled: boolean;
  endpointId: string;
  url: string;
}

function answer(we: WebhookEndpoint): string {
  return JSON.stringify({ id: we.id, status: we.status, url: we.url, enabled_events: we.enabled_events, api_version: we.api_version });
}

function create(stripe: StripeClient, wish: EndpointWish, why: string): EndpointChange {
  const we = stripe.post<WebhookEndpoint>('/v1/webhook_endpoints', {
    url: wish.url,
    enabled_events: HANDLED_EVENTS,
    api_version: STRIPE_API_VERSION,
    description: `PayPack for NetSuite: ${wish.configName}`.slice(0, 5000),
    metadata: { netsuite_config_id: wish.configId },
  }, `paypack-webhook-create-${wish.configId}-${sha256Hex(`${wish.url}|${why}`).slice(0, 32)}`);
  return { action: 'created', endpointId: we.id, url: we.url, events: we.enabled_events, message: `${why} Stripe: ${answer(we)}`, signingSecret: we.secret, mode: we.livemode ? 'live' : 'test' };
}

function sameEvents(a: string[], b: string[]): boolean {
  return a.length === b.length && [...a].sort().join(',') === [...b].sort().join(',');
}

/**
 * Whether a save has anything to ask Stripe: the box checked, or unchecked on an endpoint PayPack had
 * enabled. A box left unchecked, or unchecked after a create that failed, costs no call.
 */
export function touchesStripe(wish: Pick<EndpointWish, 'enabled' | 'wasEnabled' | 'endpointId'>): boolean {
  return wish.enabled || (wish.wasEnabled && wish.endpointId !== '');
}

/**
 * The change to make (at most one create, or one update after one read); undefined when nothing is to
 * do. Asked only when touchesStripe(wish).
 */
export function reconcileEndpoint(stripe: StripeClient, wish: EndpointWish): EndpointChange | undefined {
  const path = `/v1/webhook_endpoints/${encodeURIComponent(wish.endpointId)}`;
  if (!wish.enabled) {
    try {
      requireOurs(stripe.get<WebhookEndpoint>(path), wish.configId);
      const we = stripe.post<WebhookEndpoint>(path, { disabled: true }, `paypack-webhook-off-${wish.endpointId}-${Date.now()}`);
      return { action: 'disabled', endpointId: we.id, url: we.url, events: we.enabled_events, message: `Stripe: ${answer(we)}` };
    } catch (e) {
      if (e instanceof StripeError && e.code === 'resource_missing') {
        // the lost id stays on the config: checking the box again then reads it, finds it gone and creates
        // under a key that names it; a cleared id would reuse the first create's key, and Stripe would
        // replay that answer (the lost endpoint) for 24 hours
        return { action: 'disabled', endpointId: wish.endpointId, url: wish.url, events: [], message: `Stripe no longer has endpoint ${wish.endpointId}; nothing to disable.` };
      }
      throw e;
    }
  }
  if (!wish.endpointId) return create(stripe, wish, 'First time enabled: created.');
  let current: WebhookEndpoint;
  try {
    current = stripe.get<WebhookEndpoint>(path);
  } catch (e) {
    if (e instanceof StripeError && e.code === 'resource_missing') return create(stripe, wish, `Stripe no longer had endpoint ${wish.endpointId}: created a new one.`);
    throw e;
  }
  requireOurs(current, wish.configId);
  const params: Record<string, unknown> = {};
  if (current.status === 'disabled') params.disabled = false;
  if (current.url !== wish.url) params.url = wish.url;
  if (!sameEvents(current.enabled_events, HANDLED_EVENTS)) params.enabled_events = HANDLED_EVENTS;
  if (Object.keys(params).length === 0) return undefined;
  const we = stripe.post<WebhookEndpoint>(path, params as Record<string, string>, `paypack-webhook-on-${wish.endpointId}-${Date.now()}`);
  const action: EndpointAction = params.disabled === false ? 'enabled' : 'updated';
  return { action, endpointId: we.id, url: we.url, events: we.enabled_events, message: `${params.url ? `URL changed from ${current.url}. ` : ''}Stripe: ${answer(we)}` };
}

/** What the admin reads when Stripe refused. */
export function describeEndpointFailure(e: unknown, secretId: string): string {
  if (e instanceof StripeError) {
    if (e.status === 401) return `Stripe refused the API key in API secret ${secretId} (401): the webhook endpoint was not changed. Put a valid secret key into the API secret and save the config again.`;
    if (/maximum of \d+ .*webhook endpoints/i.test(e.message)) return `${e.message} Delete endpoints you no longer use in the Stripe Dashboard (Developers → Webhooks), then save the config again.`;
    if (e.param === 'url') return `Stripe refused the Suitelet URL as a webhook endpoint: ${e.message}`;
    return `Stripe refused the webhook endpoint change: ${e.describe()}`;
  }
  if (e instanceof ForeignEndpoint) return e.message;
  const err = e as { name?: string; message?: string };
  return `${err?.name ? `${err.name}: ` : ''}${err?.message ?? String(e)}`;
}
