// @ts-check
/**
 * Every refusal that needs no build, in plain JavaScript so that `npm start` (scripts/start.mjs)
 * says it before it builds anything, and sandbox/main.ts says it with the same code: options npm
 * took for itself, the Stripe key and API base, the --data folder and its two files, --card's id.
 */
const fs = require('fs');
const path = require('path');
const { UsageError } = require('./options');

/** The sandbox's options, as npm names them when it takes one for itself (`npm start --once`). */
const SANDBOX_OPTIONS = ['once', 'port', 'data', 'webhook-secret', 'customers', 'card'];

/**
 * `npm start --once` (no `--`) gives --once to npm, not to the sandbox: npm hands it on only as
 * npm_config_once in the environment. Said in one line rather than ignored (a sandbox that was
 * asked to run once would serve until Ctrl-C).
 * @param {Record<string, string | undefined>} env
 */
function swallowedOptions(env) {
  if (!env.npm_lifecycle_event) return;
  const taken = SANDBOX_OPTIONS.filter((o) => env[`npm_config_${o.replace(/-/g, '_')}`] !== undefined);
  if (taken.length) {
    const given = taken.map((o) => `--${o}`).join(' ');
    throw new UsageError(`npm took ${given} for itself: put the sandbox's options after --, e.g. npm start -- ${given}${taken.some((o) => o !== 'once') ? ' <value>' : ''}`);
  }
}

/** @param {Record<string, string | undefined>} env */
function stripeSettings(env) {
  const key = env.STRIPE_SECRET_KEY?.trim();
  if (key && /^(sk|rk)_live_/.test(key)) throw new UsageError('STRIPE_SECRET_KEY is a live key: the sandbox only talks to Stripe test mode. Use an sk_test_... key.');
  if (key && !/^(sk|rk)_test_\w+$/.test(key)) throw new UsageError('STRIPE_SECRET_KEY must be a Stripe test secret key (sk_test_... or rk_test_...).');
  const base = env.STRIPE_API_BASE?.trim();
  if (base) {
    let url;
    try { url = new URL(base); } catch { url = undefined; }
    if (!url || !/^https?:$/.test(url.protocol) || url.search || url.hash) throw new UsageError(`STRIPE_API_BASE must be an http(s) address such as https://api.stripe.com or http://localhost:12111, not "${base}".`);
  }
  return { key: key || undefined, base: (base || 'https://api.stripe.com').replace(/\/$/, '') };
}

/** @param {string} _key @param {unknown} value */
function reviver(_key, value) {
  if (value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 1 && typeof (/** @type {{ $date?: unknown }} */ (value)).$date === 'string') {
    return new Date(/** @type {{ $date: string }} */ (value).$date);
  }
  return value;
}

/**
 * One data file of a --data folder, read back (dates revived), or undefined when it is not there.
 * @param {string} dir @param {'account' | 'stripe'} name
 * @returns {Record<string, unknown> | undefined}
 */
function loadDataFile(dir, name) {
  const file = path.join(dir, `${name}.json`);
  if (!fs.existsSync(file)) return undefined;
  try {
    const data = JSON.parse(fs.readFileSync(file, 'utf8'), reviver);
    /** @param {Record<string, unknown>} d */
    const stripeStores = (d) => ['test', 'live'].every((m) => !!d[m] && typeof d[m] === 'object' && Array.isArray(/** @type {{ customers?: unknown }} */ (d[m]).customers));
    if (!data || typeof data !== 'object' || Array.isArray(data) || (name === 'account' && !Array.isArray(data.records)) || (name === 'stripe' && !stripeStores(data))) {
      throw new Error('not what the sandbox writes');
    }
    return data;
  } catch (e) {
    throw new UsageError(`${file} is not a PayPack sandbox data file (${/** @type {Error} */ (e).message}): delete it, or pass another --data folder.`);
  }
}

/**
 * The --data folder: a folder (made on first use), whose account.json and stripe.json (embedded
 * Stripe) are both there or both absent, and come from the same run (each carries the run's pair id).
 * @param {string} dir @param {boolean} embeddedStripe
 */
function loadDataFolder(dir, embeddedStripe) {
  if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) throw new UsageError(`--data ${dir} is a file: give a folder for the sandbox to keep its data in (it is made if missing).`);
  const account = loadDataFile(dir, 'account');
  const stripe = embeddedStripe ? loadDataFile(dir, 'stripe') : undefined;
  if (embeddedStripe && !!account !== !!stripe) {
    // half a folder would sync against an empty Stripe, or overwrite the other half
    const [has, lacks] = account ? ['account.json', 'stripe.json'] : ['stripe.json', 'account.json'];
    throw new UsageError(`${dir} has ${has} but no ${lacks}: the sandbox keeps the account and its embedded Stripe together. Delete the folder to start afresh (or pass another --data); nothing was changed.`);
  }
  if (account && stripe && account.pair !== stripe.pair) {
    throw new UsageError(`${dir} holds account.json and stripe.json of two different runs: the account's Stripe ids would point at customers that Stripe does not have. Delete the folder to start afresh (or pass another --data); nothing was changed.`);
  }
  return { account, stripe };
}

/**
 * --card's customer, known before anything runs: in a fresh demo account the customers' internal ids
 * are 101 up to 100 + --customers (seeded in order); in a --data account, the ones it holds.
 * @param {string} customerId @param {number[]} ids
 */
function checkCardCustomer(customerId, ids) {
  if (ids.includes(Number(customerId))) return;
  throw new UsageError(`No demo customer ${customerId}: the demo customers' internal ids are ${ids[0]} to ${ids[ids.length - 1]}, e.g. --card ${ids[0]} or /card?customer=${ids[0]}&brand=amex.`);
}

/** @param {Record<string, unknown>} account @returns {number[]} */
function customerIds(account) {
  const records = /** @type {Array<[string, Array<{ id: number }>]>} */ (account.records);
  return (records.find(([type]) => type === 'customer')?.[1] ?? []).map((r) => r.id).sort((a, b) => a - b);
}

/**
 * Everything the sandbox can refuse before it builds or starts: returns what main.ts goes on with.
 * @param {import('./options').Options} opts @param {Record<string, string | undefined>} env
 */
function preflight(opts, env) {
  swallowedOptions(env);
  const stripe = stripeSettings(env);
  const saved = opts.data ? loadDataFolder(opts.data, !stripe.key) : { account: undefined, stripe: undefined };
  if (opts.card) {
    const ids = saved.account ? customerIds(saved.account) : Array.from({ length: opts.customers }, (_, i) => 101 + i);
    checkCardCustomer(opts.card.customerId, ids);
  }
  return { ...stripe, savedAccount: saved.account, savedStripe: saved.stripe };
}

module.exports = { preflight, checkCardCustomer, swallowedOptions, SANDBOX_OPTIONS };
