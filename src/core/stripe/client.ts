/**
 * The Stripe API client over a transport port (N/https in NetSuite, anything in tests).
 * Retries 429, 5xx and network failures with backoff while the caller can afford another call;
 * never retries other 4xx. Every POST carries an Idempotency-Key, so a retry never acts twice.
 */
import { encodeForm, StripeParams } from './form';

/** The Stripe API version the bundle is written for, pinned on every request and on the webhook endpoint. */
export const STRIPE_API_VERSION = '2025-09-30.clover';

export interface TransportRequest {
  method: 'GET' | 'POST' | 'DELETE';
  /** Path with query, e.g. /v1/customers?email=a%40b.c */
  path: string;
  body?: string;
  headers: Record<string, string>;
}
export interface TransportResponse { status: number; headers: Record<string, string>; body: string }

export interface StripeTransport {
  send(req: TransportRequest): TransportResponse;
}

/** Thrown by a transport when no HTTP answer came back (connection refused, timeout). */
export class TransportFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransportFailure';
  }
}

export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** Wait before a retry (NetSuite has no timers: the adapter busy-waits; tests record). */
  sleep(ms: number): void;
  /** Whether the running script can pay for one more request (governance). */
  canAffordRequest(): boolean;
}

export class StripeError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly type: string,
    readonly code?: string,
    readonly param?: string,
    readonly requestId?: string,
    /** A card error's issuer reason (`decline_code`) and the PaymentIntent it left, as Stripe sends them with a 402. */
    readonly declineCode?: string,
    readonly paymentIntent?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'StripeError';
  }

  /** Stripe's own words plus its code, for logs and sync log rows. */
  describe(): string {
    const bits = [this.code, this.param ? `param ${this.param}` : undefined, this.requestId].filter(Boolean);
    return `${this.message}${bits.length ? ` (${bits.join(', ')})` : ''}`;
  }
}

export const NO_RETRY: RetryPolicy = { maxRetries: 0, sleep: () => undefined, canAffordRequest: () => true };

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

export function backoffMs(retry: number): number {
  // 0.5 s, 1 s, 2 s, ... capped at 5 s, as Stripe's own libraries do
  return Math.min(5000, 500 * 2 ** (retry - 1));
}

export class StripeClient {
  /** Requests sent (attempts, including retries): the cost the bundle reports. */
  requests = 0;

  constructor(private readonly transport: StripeTransport, private readonly retry: RetryPolicy = NO_RETRY) {}

  get<T>(path: string, query: StripeParams = {}): T {
    const q = encodeForm(query);
    return this.request<T>({ method: 'GET', path: q ? `${path}?${q}` : path, headers: {} });
  }

  post<T>(path: string, params: StripeParams, idempotencyKey: string): T {
    return this.request<T>({
      method: 'POST', path, body: encodeForm(params),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Idempotency-Key': idempotencyKey },
    });
  }

  del<T>(path: string): T {
    return this.request<T>({ method: 'DELETE', path, headers: {} });
  }

  private request<T>(req: TransportRequest): T {
    req.headers['Stripe-Version'] = STRIPE_API_VERSION;
    for (let attempt = 0; ; attempt++) {
      let res: TransportResponse;
      try {
        this.requests++;
        res = this.transport.send(req);
      } catch (e) {
        if (e instanceof TransportFailure && this.mayRetry(attempt)) { this.retry.sleep(backoffMs(attempt + 1)); continue; }
        if (e instanceof TransportFailure) throw new StripeError(`Stripe could not be reached: ${e.message}`, 0, 'connection_error', 'network_error');
        throw e;
      }
      if (res.status >= 200 && res.status < 300) return JSON.parse(res.body) as T;
      const shouldRetry = headerValue(res.headers, 'stripe-should-retry');
      const retryable = shouldRetry === 'true' || (shouldRetry !== 'false' && (res.status === 429 || res.status === 409 || res.status >= 500));
      if (retryable && this.mayRetry(attempt)) { this.retry.sleep(backoffMs(attempt + 1)); continue; }
      throw toStripeError(res);
    }
  }

  private mayRetry(attempt: number): boolean {
    return attempt < this.retry.maxRetries && this.retry.canAffordRequest();
  }
}

function toStripeError(res: TransportResponse): StripeError {
  let err: { message?: string; type?: string; code?: string; param?: string; decline_code?: string; payment_intent?: Record<string, unknown> } = {};
  try {
    err = (JSON.parse(res.body) as { error?: typeof err }).error || {};
  } catch {
    err = { message: `Stripe answered ${res.status} with a body that is not JSON` };
  }
  return new StripeError(err.message || `Stripe answered ${res.status}`, res.status, err.type || 'api_error', err.code, err.param, headerValue(res.headers, 'request-id'), err.decline_code, err.payment_intent);
}
