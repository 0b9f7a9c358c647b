/**
 * A NetSuite account with PayPack's objects installed, wired to a Stripe double: the world every
 * test (and the local sandbox) runs the bundle in.
 */
import * as path from 'path';
import { Account, NetworkFailure, useAccount, loadObjectsSchema } from './netsuite';
import { VirtualClock } from './clock';
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
  account.install(loadObjectsSchema(options.objectsDir || path.resolve(__dirname, '../Objects')));
  const stripe = new StripeDouble({ apiKeys: [TEST_STRIPE_KEY] });
  account.setSecret(TEST_SECRET_ID, TEST_STRIPE_KEY, ['api.stripe.com']);
  connectStripe(account, stripe);
  // one clock: Stripe's `created`, NetSuite's dates and the scripts' own `new Date()` agree
  account.clock = new VirtualClock();
  stripe.clock = () => account.clock.now();
  return { account, stripe };
}

function virtualClock(world: Pick<World, 'account'>): VirtualClock {
  const clock = world.account.clock;
  if (!(clock instanceof VirtualClock)) throw new Error('This world runs on the system clock: it cannot be moved.');
  return clock;
}

/** Move the world's clock forward by this many seconds. */
export function advance(world: Pick<World, 'account'>, seconds: number): void {
  virtualClock(world).advance(seconds * 1000);
}

/** Set the world's clock to an instant (a test that needs a given day or hour). */
export function setClock(world: Pick<World, 'account'>, at: Date | number): void {
  virtualClock(world).set(at);
}

/** The world's now, in epoch seconds (Stripe's unit). */
export function nowSeconds(world: Pick<World, 'account'>): number {
  return Math.floor(world.account.clock.now() / 1000);
}
