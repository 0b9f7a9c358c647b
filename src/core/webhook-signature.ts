/**
 * Stripe-Signature verification: HMAC-SHA256 (hex) of `${t}.${rawBody}` with the endpoint's
 * signing secret; any of several v1 values may match (during a secret roll Stripe signs with
 * both); the timestamp must be within the tolerance; comparison in constant time.
 */
import { constantTimeEqual, hmacSha256Hex } from './sha256';

export const SIGNATURE_TOLERANCE_SECONDS = 300;

export type SignatureCheck = { ok: true; timestamp: number } | { ok: false; reason: string };

export function verifyStripeSignature(header: string | undefined, rawBody: string, secret: string, nowSeconds: number, tolerance = SIGNATURE_TOLERANCE_SECONDS): SignatureCheck {
  if (!secret) return { ok: false, reason: 'no signing secret is stored for this endpoint' };
  if (!header) return { ok: false, reason: 'no Stripe-Signature header' };
  let timestamp = NaN;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') timestamp = Number(value);
    else if (key === 'v1') signatures.push(value);
  }
  if (!Number.isInteger(timestamp) || signatures.length === 0) return { ok: false, reason: 'the Stripe-Signature header is malformed' };
  if (Math.abs(nowSeconds - timestamp) > tolerance) return { ok: false, reason: `the signature timestamp is outside the ${tolerance} s tolerance` };
  const expected = hmacSha256Hex(secret, `${timestamp}.${rawBody}`);
  // check every value, whatever matched, so timing says nothing about which one did
  let matched = false;
  for (const sig of signatures) matched = constantTimeEqual(sig, expected) || matched;
  return matched ? { ok: true, timestamp } : { ok: false, reason: 'no signature matches' };
}
