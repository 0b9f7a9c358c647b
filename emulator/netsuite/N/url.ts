/** N/url double: Suitelet URLs (internal, and external for "available without login" deployments), record URLs. */
import { account } from '../account';
import { nsError } from '../errors';

export const HostType = { APPLICATION: 'APPLICATION', CUSTOMER_CENTER: 'CUSTOMER_CENTER', RESTLET: 'RESTLET', SUITETALK: 'SUITETALK', FORM: 'FORM' } as const;

function query(params?: Record<string, unknown>): string {
  const entries = Object.entries(params || {}).filter(([, v]) => v !== undefined && v !== null);
  return entries.map(([k, v]) => `&${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('');
}

export function resolveScript(options: { scriptId: string; deploymentId: string; returnExternalUrl?: boolean; params?: Record<string, unknown> }): string {
  const acct = account();
  const script = acct.scripts.get(options.scriptId);
  const depInternal = script?.deploymentIds.get(options.deploymentId);
  if (!script || depInternal === undefined) {
    throw nsError('SSS_INVALID_SCRIPTLET_ID', `That Suitelet is invalid, disabled, or no longer exists: ${options.scriptId} ${options.deploymentId}`);
  }
  const base = `/app/site/hosting/scriptlet.nl?script=${script.internalId}&deploy=${depInternal}`;
  if (!options.returnExternalUrl) return base + query(options.params);
  const dep = script.deployments.find((d) => d.id === options.deploymentId);
  if (!dep?.isOnline) throw nsError('SSS_INVALID_URL', `Deployment ${options.deploymentId} is not available without login, so it has no external URL.`);
  const host = `${acct.accountId.toLowerCase().replace(/_/g, '-')}.extforms.netsuite.com`;
  // ns-at is an account-specific token NetSuite adds to external URLs.
  const token = Buffer.from(`${acct.accountId}:${options.scriptId}:${options.deploymentId}`).toString('base64url');
  return `https://${host}${base}&compid=${acct.accountId}&ns-at=${token}` + query(options.params);
}

export function resolveRecord(options: { recordType: string; recordId?: number | string; isEditMode?: boolean; params?: Record<string, unknown> }): string {
  const id = options.recordId ? `id=${options.recordId}` : '';
  const edit = options.isEditMode ? '&e=T' : '';
  if (options.recordType.startsWith('customrecord')) {
    return `/app/common/custom/custrecordentry.nl?rectype=${options.recordType}${id ? '&' + id : ''}${edit}` + query(options.params);
  }
  const page = options.recordType === 'customer' ? '/app/common/entity/custjob.nl' : `/app/common/${options.recordType}.nl`;
  return `${page}?${id}${edit}` + query(options.params);
}

export function resolveDomain(options: { hostType: string }): string {
  const acct = account();
  const sub = acct.accountId.toLowerCase().replace(/_/g, '-');
  return options.hostType === HostType.FORM ? `${sub}.extforms.netsuite.com` : options.hostType === HostType.RESTLET ? `${sub}.restlets.api.netsuite.com` : `${sub}.app.netsuite.com`;
}

export function format(options: { domain: string; params?: Record<string, unknown> }): string {
  const q = query(options.params).slice(1);
  return q ? `${options.domain}${options.domain.includes('?') ? '&' : '?'}${q}` : options.domain;
}
