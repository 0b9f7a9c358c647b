/** Webhook endpoints, the events Stripe records, and their signed delivery to subscribed endpoints. */
import * as crypto from 'crypto';
import { asList } from './form';
import { error, mergeMetadata, missing, Obj, ok, page, RouteContext, Store, StripeResponse, DoubleCore } from './common';

/**
 * What Stripe would send to the webhook endpoints for the events recorded after `since` (an index
 * into the store's events): one signed delivery per subscribed, enabled endpoint, `Stripe-Signature`
 * made with the endpoint's secret as Stripe makes it.
 */
export function deliveries(d: DoubleCore, since: number, mode: 'test' | 'live' = 'test'): Array<{ url: string; body: string; signature: string; type: string }> {
  const store = d.stores[mode];
  const out: Array<{ url: string; body: string; signature: string; type: string }> = [];
  for (const event of store.events.slice(since)) {
    for (const we of subscribers(store, String(event.type))) {
      const body = JSON.stringify(event);
      const t = d.now();
      const v1 = crypto.createHmac('sha256', String(we._secret)).update(`${t}.${body}`).digest('hex');
      out.push({ url: String(we.url), body, signature: `t=${t},v1=${v1}`, type: String(event.type) });
    }
  }
  return out;
}

export function webhookRoutes(d: DoubleCore, { store, mode, live, p, params, route }: RouteContext): StripeResponse | undefined {
  switch (route) {
    case 'POST /v1/webhook_endpoints': {
      if ([...store.webhookEndpoints.values()].length >= d.maxWebhookEndpoints) {
        return error(400, 'invalid_request_error', `You have reached the maximum of ${d.maxWebhookEndpoints} ${mode} webhook endpoints.`);
      }
      const badUrl = checkWebhookUrl(String(params.url));
      if (badUrl) return badUrl;
      if (params.api_version !== undefined && !/^\d{4}-\d{2}-\d{2}(\.[a-z]+)?$/.test(String(params.api_version))) {
        return error(400, 'invalid_request_error', `Invalid Stripe API version: ${String(params.api_version)}`, { param: 'api_version' });
      }
      const we: Obj = {
        id: d.id('we'), object: 'webhook_endpoint', api_version: params.api_version || null, application: null, created: d.now(),
        description: params.description || null, enabled_events: asList(params.enabled_events) || [], livemode: live,
        metadata: params.metadata || {}, status: 'enabled', url: params.url,
      };
      const secret = `whsec_${crypto.randomBytes(24).toString('hex')}`;
      store.webhookEndpoints.set(we.id as string, { ...we, _secret: secret });
      return ok({ ...we, secret });
    }
    case 'GET /v1/webhook_endpoints':
      return ok(page(store, [...store.webhookEndpoints.values()].map(publicEndpoint), params, '/v1/webhook_endpoints', (x) => x));
    case 'GET /v1/webhook_endpoints/{webhook_endpoint}': {
      const we = store.webhookEndpoints.get(p.webhook_endpoint);
      return we ? ok(publicEndpoint(we)) : missing('webhook_endpoint', p.webhook_endpoint, 'webhook_endpoint');
    }
    case 'POST /v1/webhook_endpoints/{webhook_endpoint}': {
      const we = store.webhookEndpoints.get(p.webhook_endpoint);
      if (!we) return missing('webhook_endpoint', p.webhook_endpoint, 'webhook_endpoint');
      if (params.url !== undefined) {
        const badUrl = checkWebhookUrl(String(params.url));
        if (badUrl) return badUrl;
        we.url = params.url;
      }
      if (params.disabled !== undefined) we.status = params.disabled === 'true' ? 'disabled' : 'enabled';
      if (params.enabled_events !== undefined) we.enabled_events = asList(params.enabled_events) || [];
      if (params.description !== undefined) we.description = params.description || null;
      if (params.metadata !== undefined) we.metadata = mergeMetadata(we.metadata as Obj, params.metadata);
      return ok(publicEndpoint(we));
    }
    case 'DELETE /v1/webhook_endpoints/{webhook_endpoint}': {
      if (!store.webhookEndpoints.delete(p.webhook_endpoint)) return missing('webhook_endpoint', p.webhook_endpoint, 'webhook_endpoint');
      return ok({ id: p.webhook_endpoint, object: 'webhook_endpoint', deleted: true });
    }
    case 'GET /v1/events': {
      let list = [...store.events].reverse();
      if (typeof params.type === 'string') list = list.filter((e) => e.type === params.type);
      return ok(page(store, list, params, '/v1/events', (x) => x));
    }
    case 'GET /v1/events/{id}': {
      const e = store.events.find((x) => x.id === p.id);
      return e ? ok(e) : missing('event', p.id, 'id');
    }
    default:
      return undefined;
  }
}

export function publicEndpoint(we: Obj): Obj {
  const { _secret, ...rest } = we;
  void _secret;
  return rest;
}

export function checkWebhookUrl(raw: string): StripeResponse | undefined {
  let u: URL;
  try { u = new URL(raw); } catch { return error(400, 'invalid_request_error', `Invalid URL: ${raw}`, { param: 'url' }); }
  if (!/^https?:$/.test(u.protocol) || ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname)) {
    return error(400, 'invalid_request_error', 'Invalid URL: URL must be publicly accessible. Consider using a tool like the Stripe CLI to test webhooks locally: https://github.com/stripe/stripe-cli', { param: 'url' });
  }
  return undefined;
}

/** The enabled endpoints an event of this type goes to: those whose `enabled_events` name it, or `*` (Stripe's API reference, Webhook Endpoints). */
export function subscribers(store: Store, type: string): Obj[] {
  return [...store.webhookEndpoints.values()].filter((we) => {
    const events = (we.enabled_events as string[]) || [];
    return we.status === 'enabled' && (events.includes('*') || events.includes(type));
  });
}
