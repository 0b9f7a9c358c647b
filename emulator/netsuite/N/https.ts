/** N/https double: requests routed to registered hosts (the Stripe double), API secrets through SecureString. */
import { account, HttpRequest, NetworkFailure } from '../account';
import { nsError } from '../errors';

export const Method = { GET: 'GET', POST: 'POST', PUT: 'PUT', DELETE: 'DELETE', HEAD: 'HEAD' } as const;

const SECRET_REF = /\{(custsecret[a-z0-9_]+)\}/g;

/** A string that may hold API secret references; scripts can build it but never read the secret. */
export class SecureString {
  /** @internal template with {custsecret_x} references, resolved only when a request is sent */
  readonly _template: string;
  constructor(template: string) { this._template = template; }
  appendString(options: { input: string }): SecureString { return new SecureString(this._template + options.input); }
  appendSecureString(options: { secureString: SecureString; keepEncoding?: boolean }): SecureString {
    return new SecureString(this._template + options.secureString._template);
  }
  replaceString(options: { pattern: string; replacement: string }): SecureString {
    return new SecureString(this._template.split(options.pattern).join(options.replacement));
  }
  toString(): string { return '[object SecureString]'; }
  toJSON(): string { return '[SecureString]'; }
}

export function createSecureString(options: { input: string }): SecureString {
  return new SecureString(options.input);
}

function resolveSecrets(value: unknown, host: string): string {
  if (!(value instanceof SecureString)) return String(value);
  const acct = account();
  return value._template.replace(SECRET_REF, (_m, id: string) => {
    const secret = acct.secrets.get(id);
    if (!secret) throw nsError('INVALID_SECRET_KEY', `The API secret ${id} does not exist or this script may not use it.`);
    if (secret.allowedDomains && !secret.allowedDomains.some((d) => host === d || host.endsWith(`.${d}`))) {
      throw nsError('SSS_SECRET_DOMAIN_RESTRICTED', `The API secret ${id} may not be sent to ${host}.`);
    }
    return secret.value;
  });
}

export class ClientResponse {
  constructor(readonly code: number, readonly headers: Record<string, string>, readonly body: string) {}
}

function formEncode(body: Record<string, unknown>): string {
  return Object.entries(body).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&');
}

export function request(options: { method: string; url: string; headers?: Record<string, unknown>; body?: unknown }): ClientResponse {
  const acct = account();
  if (!options?.url) throw nsError('SSS_MISSING_REQD_ARGUMENT', 'https.request: Missing a required argument: url');
  acct.charge(10, `https.${String(options.method || 'GET').toLowerCase()}`);
  const internal = options.url.startsWith('/');
  const url = new URL(options.url, `https://${acct.domain}`);
  if (!internal && url.protocol !== 'https:') throw nsError('SSS_INVALID_URL', `N/https needs an https URL: ${options.url}`);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(options.headers || {})) headers[k] = resolveSecrets(v, url.host);
  let body = '';
  if (options.body instanceof SecureString) body = resolveSecrets(options.body, url.host);
  else if (options.body && typeof options.body === 'object') {
    body = formEncode(options.body as Record<string, unknown>);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/x-www-form-urlencoded';
  } else if (options.body !== undefined && options.body !== null) body = String(options.body);
  const req: HttpRequest = { method: String(options.method || 'GET').toUpperCase(), url: url.toString(), headers, body };

  if (url.host === acct.domain && url.pathname === '/app/site/hosting/scriptlet.nl') {
    const ids = acct.scriptByInternalIds(url.searchParams.get('script') || '', url.searchParams.get('deploy') || '');
    if (!ids || !acct.suiteletDispatch) throw nsError('SSS_INVALID_URL', `No Suitelet deployed at ${url.pathname}${url.search}`);
    const params: Record<string, string> = {};
    url.searchParams.forEach((v, k) => { params[k] = v; });
    const res = acct.suiteletDispatch(ids.scriptId, ids.deploymentId, { ...req, params });
    return new ClientResponse(res.status, res.headers, res.body);
  }
  const route = acct.routeFor(url);
  if (!route) throw nsError('SSS_CONNECTION_TIME_OUT', `Could not connect to ${url.host}.`);
  try {
    const res = route(req);
    return new ClientResponse(res.status, res.headers, res.body);
  } catch (e) {
    if (e instanceof NetworkFailure) {
      throw e.kind === 'timeout'
        ? nsError('SSS_REQUEST_TIME_EXCEEDED', `The host ${url.host} did not answer within 45 seconds.`)
        : nsError('SSS_CONNECTION_CLOSED', `The connection to ${url.host} was closed before a response arrived.`);
    }
    throw e;
  }
}

export function get(options: { url: string; headers?: Record<string, unknown> }): ClientResponse {
  return request({ ...options, method: 'GET' });
}
export function post(options: { url: string; headers?: Record<string, unknown>; body?: unknown }): ClientResponse {
  return request({ ...options, method: 'POST' });
}
export function put(options: { url: string; headers?: Record<string, unknown>; body?: unknown }): ClientResponse {
  return request({ ...options, method: 'PUT' });
}
function del(options: { url: string; headers?: Record<string, unknown> }): ClientResponse {
  return request({ ...options, method: 'DELETE' });
}
export { del as delete };

/** https.requestSuitelet: call a Suitelet of this account by script and deployment id. */
export function requestSuitelet(options: { scriptId: string; deploymentId: string; method?: string; headers?: Record<string, unknown>; body?: unknown; urlParams?: Record<string, string> }): ClientResponse {
  const acct = account();
  const script = acct.scripts.get(options.scriptId);
  const dep = script?.deploymentIds.get(options.deploymentId);
  if (!script || !dep) throw nsError('SSS_INVALID_SCRIPT_ID', `No deployment ${options.deploymentId} of script ${options.scriptId}.`);
  const qs = new URLSearchParams({ script: String(script.internalId), deploy: String(dep), ...(options.urlParams || {}) });
  return request({ method: options.method || (options.body ? 'POST' : 'GET'), url: `/app/site/hosting/scriptlet.nl?${qs}`, headers: options.headers, body: options.body });
}
