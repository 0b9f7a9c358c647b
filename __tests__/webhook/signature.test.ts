/** The Stripe-Signature check on its own: what it accepts, and the reason it gives the execution log when it refuses. */
import * as crypto from 'crypto';
import { verifyStripeSignature } from '../../src/core/webhook-signature';

const SECRET = `whsec_${'unit'.repeat(6)}`; // made up
const BODY = '{"id":"evt_1","object":"event"}';
const T = 1_800_000_000;
const sig = (t = T, secret = SECRET, body = BODY) => crypto.createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
const check = (header: string | undefined, now = T) => verifyStripeSignature(header, BODY, SECRET, now);

test('Stripe\'s header, with spaces after commas, other schemes and several v1 values (a secret roll), is accepted', () => {
  expect(check(`t=${T},v1=${sig()},v0=${'0'.repeat(64)}`)).toEqual({ ok: true, timestamp: T });
  expect(check(`t=${T}, v1=${sig()} , v0=abc`)).toEqual({ ok: true, timestamp: T });
  expect(check(`t=${T},v1=${sig(T, `whsec_${'old'.repeat(8)}`)},v1=${sig()}`)).toEqual({ ok: true, timestamp: T });
  expect(check(`t=${T},v1=${sig()},v1=${sig(T, `whsec_${'new'.repeat(8)}`)}`)).toEqual({ ok: true, timestamp: T });
  // a part without `=` is skipped wherever it is, even one that starts like a key
  expect(check(`junk,t=${T},v1=${sig()}`)).toEqual({ ok: true, timestamp: T });
  expect(check(`t=${T},v1=${sig()},t0`)).toEqual({ ok: true, timestamp: T });
});

test('each refusal names its reason', () => {
  expect(verifyStripeSignature(`t=${T},v1=${sig()}`, BODY, '', T)).toEqual({ ok: false, reason: 'no signing secret is stored for this endpoint' });
  expect(check(undefined)).toEqual({ ok: false, reason: 'no Stripe-Signature header' });
  expect(check('')).toEqual({ ok: false, reason: 'no Stripe-Signature header' });
  for (const malformed of [`v1=${sig()}`, `t=${T}`, `t=${T},v0=${sig()}`, `t=soon,v1=${sig()}`, `t=${T}.5,v1=${sig()}`, `t${T},v1${sig()}`]) {
    expect(check(malformed)).toEqual({ ok: false, reason: 'the Stripe-Signature header is malformed' });
  }
  expect(check(`t=${T},v1=${sig()}`, T + 301)).toEqual({ ok: false, reason: 'the signature timestamp is outside the 300 s tolerance' });
  expect(check(`t=${T},v1=${sig()}`, T - 301)).toEqual({ ok: false, reason: 'the signature timestamp is outside the 300 s tolerance' });
  expect(check(`t=${T},v1=${sig()}`, T + 300)).toEqual({ ok: true, timestamp: T });
  expect(check(`t=${T},v1=${sig(T + 1)}`)).toEqual({ ok: false, reason: 'no signature matches' });
});
