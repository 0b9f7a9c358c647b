/**
 * A NetSuite account with PayPack's objects installed, wired to a Stripe double: the world every
 * test (and the local sandbox) runs the bundle in.
 */
import * as path from 'path';
import { Account, NetworkFailure, useAccount, loadObjectsSchema } from './netsuite';
import { StripeDouble, StripeNetworkFailure } from './stripe';

export const TEST_SECRET_ID = 'custsecret_pp_stripe_sk';
/** A generated, obviously fake key (never a real one): the double accepts it. */
export const TEST_STRIPE_KEY = `sk_test_${'PayPackDouble'.padEnd(24, '0')}`;

export interface World { account: Account; stripe: StripeDouble }

/** Route api.stripe.com to the double that knows the request's key (one double per Stripe account). */
export function connectStripe(account: Account, ...accounts: StripeDouble[]): void {
  account.routeHttps('api.stripe.com', (req) => {
    const auth = Object.entries(req.headers).find(([k]) => k.toLowerCase() === 'authorization')?.[1] || '';
    const key = auth.replace(/^Bearer\s+/i, '');
    const stripe = accounts.find((s) => s.apiKeys.has(key)) || accounts[0];
    try {
      return stripe.handle(req);
    } catch (e) {
      if (e instanceof StripeNetworkFailure) throw new NetworkFailure(e.kind);
      throw e;
    }
  });
}

export function createWorld(options: { objectsDir?: string } = {}): World {
  const account = useAccount(new Account());
  account.install(loadObjectsSchema(options.objectsDir || path.resolve(__dirname, '../../Objects')));
  const stripe = new StripeDouble({ apiKeys: [TEST_STRIPE_KEY] });
  account.setSecret(TEST_SECRET_ID, TEST_STRIPE_KEY, ['api.stripe.com']);
  connectStripe(account, stripe);
  // both clocks move together so Stripe's `created` and NetSuite's dates agree
  let now = Date.UTC(2026, 10, 23, 12, 0, 0);
  account.clock = () => new Date(now);
  stripe.clock = () => now;
  (account as Account & { advance?: (s: number) => void }).advance = (seconds: number) => { now += seconds * 1000; };
  return { account, stripe };
}

/** Move both clocks forward. */
export function advance(world: World, seconds: number): void {
  (world.account as Account & { advance: (s: number) => void }).advance(seconds);
}
