/**
 * N/redirect double: redirect() sends the browser of the running Suitelet to a URL with an HTTP
 * redirect once the script returns (the Suitelet runner answers 302 with a Location header).
 */
import { account } from '../account';
import { nsError } from '../errors';

export function redirect(options: { url: string; parameters?: Record<string, unknown> }): void {
  const acct = account();
  if (acct.frame?.kind !== 'suitelet' && acct.frame?.kind !== 'userevent') {
    throw nsError('SSS_INVALID_SCRIPT_CONTEXT', 'redirect.redirect is available in Suitelets and user events only.');
  }
  if (!options?.url) throw nsError('SSS_MISSING_REQD_ARGUMENT', 'redirect.redirect: Missing a required argument: url');
  const params = Object.entries(options.parameters || {}).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&');
  acct.redirectTo = params ? `${options.url}${options.url.includes('?') ? '&' : '?'}${params}` : options.url;
}
