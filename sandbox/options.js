// @ts-check
/**
 * The sandbox's options, in plain JavaScript so that `npm start` (scripts/start.mjs) can check them
 * and answer --help before it builds anything; sandbox/main.ts reads them with the same code.
 */
const path = require('path');

const HELP = `PayPack sandbox: the compiled bundle on a local NetSuite account double.

Usage: npm start -- [options]      (the -- matters: without it npm keeps the options for itself)

Options:
  --once                 run the demo mass sync, print the summary and exit
  --port <n>             (or --port=<n>) port of the local webhook URL (default 8787)
  --data <dir>           keep the embedded account (and embedded Stripe) in <dir>; a second run
                         sees what the first synced (unchanged customers: 0 Stripe calls)
  --webhook-secret <s>   verify webhook deliveries with this signing secret (the whsec_... that
                         \`stripe listen\` prints); default: the one Enable Webhook created
  --customers <n>        demo customers to seed in a fresh account (default 300)
  --card <id>[=<brand>]  after the sync, give demo customer <id> (e.g. 101) a new default card in
                         Stripe (visa, mastercard, amex or discover; default visa) and deliver
                         Stripe's signed events to the local webhook; while serving, the same is
                         http://localhost:<port>/card?customer=<id>&brand=<brand> (brand optional)
  --help                 this text

Environment:
  STRIPE_SECRET_KEY      sk_test_... : talk to Stripe's real API in test mode (live keys are refused);
                         unset: an embedded Stripe double
  STRIPE_API_BASE        send Stripe requests there instead of https://api.stripe.com

With the Stripe CLI:
  stripe listen --forward-to http://localhost:8787/webhook
  STRIPE_SECRET_KEY=sk_test_... npm start -- --webhook-secret whsec_...   (the secret stripe listen printed)
  then give a demo customer a new card: --card 101, or open http://localhost:8787/card?customer=101
  (\`stripe trigger customer.updated\` makes a new Stripe customer the demo account does not know)
`;

const CARD_BRANDS = ['visa', 'mastercard', 'amex', 'discover'];

/** A bad option: said in one line, before any work. */
class UsageError extends Error {}

/**
 * @typedef {{ once: boolean; port: number; data?: string; webhookSecret?: string; customers: number; customersGiven?: boolean; card?: { customerId: string; brand: string } }} Options
 * @param {string[]} argv
 * @returns {Options | 'help'}
 */
function parseArgs(argv) {
  /** @type {Options} */
  const o = { once: false, port: 8787, customers: 300 };
  // --port=9000 is --port 9000, as most command lines take it
  argv = argv.flatMap((a) => (/^--[\w-]+=/.test(a) ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a]));
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${a} needs a value (see npm start -- --help)`);
      return v;
    };
    if (a === '--help' || a === '-h') return 'help';
    else if (a === '--once') o.once = true;
    else if (a === '--port') { o.port = Number(value()); if (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535) throw new UsageError('--port takes a port number, e.g. --port 8787'); }
    else if (a === '--data') o.data = path.resolve(value());
    else if (a === '--webhook-secret') { o.webhookSecret = value(); if (!/^whsec_\w+$/.test(o.webhookSecret)) throw new UsageError('--webhook-secret takes the whsec_... value that `stripe listen` or the Stripe Dashboard shows'); }
    else if (a === '--card') {
      const m = /^(\d+)(?:=(\w+))?$/.exec(value());
      if (!m || (m[2] && !CARD_BRANDS.includes(m[2]))) throw new UsageError(`--card takes a demo customer's internal id and an optional brand (${CARD_BRANDS.join(', ')}), e.g. --card 101 or --card 101=mastercard`);
      o.card = { customerId: m[1], brand: m[2] || 'visa' };
    }
    else if (a === '--customers') { o.customers = Number(value()); o.customersGiven = true; if (!Number.isInteger(o.customers) || o.customers < 1) throw new UsageError('--customers takes a whole number of at least 1, e.g. --customers 300'); }
    else throw new UsageError(`Unknown option ${a} (see npm start -- --help)`);
  }
  return o;
}

module.exports = { HELP, CARD_BRANDS, UsageError, parseArgs };
