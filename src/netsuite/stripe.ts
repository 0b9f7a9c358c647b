/** The Stripe client in NetSuite: N/https with the secret key injected from an API secret. */
import * as https from 'N/https';
import * as runtime from 'N/runtime';
import { StripeClient, StripeTransport, TransportFailure, TransportRequest, TransportResponse } from '../core/stripe/client';

export const STRIPE_API_BASE = 'https://api.stripe.com';

/** SuiteScript errors that mean no HTTP answer arrived. */
const NO_ANSWER = new Set(['SSS_CONNECTION_TIME_OUT', 'SSS_REQUEST_TIME_EXCEEDED', 'SSS_CONNECTION_CLOSED', 'SSS_CONNECTION_REFUSED', 'SSS_UNKNOWN_HOST']);

/** Units one https call costs, and what a sync must keep for its write-back and failure log. */
const HTTPS_UNITS = 10;
const RESERVE_UNITS = 20;

/** Waiting between retries. SuiteScript has no timer, so the wait is a short busy loop (it costs no units). */
export const timing = {
  /** When the last wait ended (epoch ms). Also what keeps the bundler from dropping the loop as doing nothing. */
  lastWaitEnd: 0,
  sleep(ms: number): void {
    const until = Date.now() + ms;
    let now = Date.now();
    while (now < until) now = Date.now();
    timing.lastWaitEnd = now;
  },
};

class HttpsTransport implements StripeTransport {
  constructor(private readonly secretId: string) {}

  send(req: TransportRequest): TransportResponse {
    const headers: Record<string, unknown> = {
      ...req.headers,
      // the script never sees the key: NetSuite fills it in from the API secret when sending
      Authorization: https.createSecureString({ input: `Bearer {${this.secretId}}` }),
    };
    try {
      const res = https.request({ method: req.method as https.Method, url: `${STRIPE_API_BASE}${req.path}`, headers: headers as Record<string, string>, body: req.body });
      return { status: res.code, headers: res.headers as Record<string, string>, body: res.body };
    } catch (e) {
      const name = (e as { name?: string }).name || '';
      if (NO_ANSWER.has(name)) throw new TransportFailure(`${name}: ${(e as Error).message}`);
      throw e;
    }
  }
}

/** maxRetries: 3 for scripts that may wait; a page a person is waiting for retries none (and never busy-waits). */
export function stripeClient(secretId: string, options: { maxRetries?: number } = {}): StripeClient {
  return new StripeClient(new HttpsTransport(secretId), {
    maxRetries: options.maxRetries ?? 3,
    sleep: (ms) => timing.sleep(ms),
    canAffordRequest: () => runtime.getCurrentScript().getRemainingUsage() >= HTTPS_UNITS + RESERVE_UNITS,
  });
}
