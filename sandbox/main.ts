/**
 * PayPack local sandbox: runs the COMPILED bundle (FileCabinet/ + Objects/) on the NetSuite
 * account double, against Stripe test mode (STRIPE_SECRET_KEY) or the embedded Stripe double.
 */
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import { Account, installScriptModules, loadObjectsSchema, NetworkFailure, runMapReduce, runSubmit, runSuitelet, ScriptModule, useAccount } from '../emulator/netsuite';
import { loadAmd, netsuiteResolver } from '../emulator/amd';
import { StripeDouble, StripeNetworkFailure } from '../emulator/stripe';
import { systemClock } from '../emulator/clock';
import { addDemoSearches, DEMO_SECRET_ID, seedDemo } from './demo';
import { load, save } from './persist';
import { SyncHttp } from './sync-http';

const ROOT = path.resolve(__dirname, '../../..');

const HELP = `PayPack sandbox: the compiled bundle on a local NetSuite account double.

Usage: npm start -- [options]

Options:
  --once                 run the demo mass sync, print the summary and exit
  --port <n>             port of the local webhook URL (default 8787)
  --data <dir>           keep the embedded account (and embedded Stripe) in <dir>; a second run
                         sees what the first synced (unchanged customers: 0 Stripe calls)
  --webhook-secret <s>   verify webhook deliveries with this signing secret (the whsec_... that
                         \`stripe listen\` prints); default: the one Enable Webhook created
  --customers <n>        demo customers to seed in a fresh account (default 300)
  --help                 this text

Environment:
  STRIPE_SECRET_KEY      sk_test_... : talk to Stripe's real API in test mode (live keys are refused);
                         unset: an embedded Stripe double
  STRIPE_API_BASE        send Stripe requests there instead of https://api.stripe.com

With the Stripe CLI:
  stripe listen --forward-to http://localhost:8787/webhook
  npm start -- --webhook-secret whsec_...   (the secret stripe listen printed)
  stripe trigger customer.updated
`;

interface Options { once: boolean; port: number; data?: string; webhookSecret?: string; customers: number }

class UsageError extends Error {}

function parseArgs(argv: string[]): Options | 'help' {
  const o: Options = { once: false, port: 8787, customers: 300 };
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
    else if (a === '--customers') { o.customers = Number(value()); if (!Number.isInteger(o.customers) || o.customers < 1) throw new UsageError('--customers takes a whole number, e.g. --customers 300'); }
    else throw new UsageError(`Unknown option ${a} (see npm start -- --help)`);
  }
  return o;
}

const out = (line: string) => process.stdout.write(`${line}\n`);

/** The compiled bundle, loaded as NetSuite loads it, by script id. */
function loadBundle(account: Account): Map<string, ScriptModule> {
  const modules = new Map<string, ScriptModule>();
  for (const s of account.scripts.values()) {
    const file = path.join(ROOT, 'FileCabinet', s.file);
    if (!fs.existsSync(file)) throw new UsageError(`The compiled bundle is missing (${path.relative(ROOT, file)}): run npm run build, or use npm start, which builds first.`);
    modules.set(s.id, loadAmd(file, netsuiteResolver()).exports);
  }
  return modules;
}

function progressBar(done: number, total: number, failed: number, started: number): string {
  const width = 30;
  const filled = Math.round((done / Math.max(1, total)) * width);
  const rate = done / Math.max(0.001, (Date.now() - started) / 1000);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} customers, ${rate.toFixed(0)}/s, ${failed} failed`;
}

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  if (opts === 'help') { out(HELP); return 0; }

  const key = process.env.STRIPE_SECRET_KEY?.trim();
  if (key && /^(sk|rk)_live_/.test(key)) throw new UsageError('STRIPE_SECRET_KEY is a live key: the sandbox only talks to Stripe test mode. Use an sk_test_... key.');
  if (key && !/^(sk|rk)_test_/.test(key)) throw new UsageError('STRIPE_SECRET_KEY must be a Stripe test secret key (sk_test_... or rk_test_...).');

  const account = useAccount(new Account());
  // a live demo: real time, so Stripe's signatures and the retry job's backoff behave as in an account
  account.clock = systemClock;
  account.install(loadObjectsSchema(path.join(ROOT, 'Objects')));
  const bundle = loadBundle(account);
  installScriptModules(Object.fromEntries(bundle), account);

  // Stripe: the real API in test mode, or an embedded double
  let stripeCalls: () => number;
  let embedded: StripeDouble | undefined;
  let bridge: SyncHttp | undefined;
  const base = (process.env.STRIPE_API_BASE || 'https://api.stripe.com').replace(/\/$/, '');
  if (key) {
    bridge = new SyncHttp();
    const b = bridge;
    account.setSecret(DEMO_SECRET_ID, key, [new URL(base).hostname, 'api.stripe.com']);
    account.routeHttps('api.stripe.com', (req) => b.request({ ...req, url: req.url.replace(/^https:\/\/api\.stripe\.com/, base) }));
    stripeCalls = () => b.requests;
    checkKey(b, base, key);
  } else {
    const sandboxKey = 'sk_test_' + 'sandbox'.padEnd(24, '0');
    const double = new StripeDouble({ apiKeys: [sandboxKey] });
    double.clock = () => account.clock.now();
    embedded = double;
    account.setSecret(DEMO_SECRET_ID, sandboxKey, ['api.stripe.com']);
    account.routeHttps('api.stripe.com', (req) => {
      try { return double.handle(req); } catch (e) { if (e instanceof StripeNetworkFailure) throw new NetworkFailure(e.kind); throw e; }
    });
    stripeCalls = () => double.calls.length;
  }

  // the account: from --data, or seeded
  const saved = opts.data ? load(opts.data, 'account') : undefined;
  let configId: number;
  if (saved) {
    account.restore(saved);
    configId = account.all('customrecord_pp_config')[0].id;
    const stripeSaved = embedded && opts.data ? load(opts.data, 'stripe') : undefined;
    if (embedded && stripeSaved) embedded.restore(stripeSaved);
    addDemoSearches(account);
    out(`Account loaded from ${opts.data}: ${account.all('customer').length} customers.`);
  } else {
    ({ configId } = seedDemo(account, opts.customers));
    out(`Demo account seeded: 2 subsidiaries, 1 PayPack Config, ${opts.customers} customers.`);
  }
  out(key ? `Stripe: test mode at ${base} (STRIPE_SECRET_KEY).` : 'Stripe: the embedded Stripe double (set STRIPE_SECRET_KEY=sk_test_... for Stripe test mode).');

  const persist = () => {
    if (!opts.data) return;
    save(opts.data, 'account', account.snapshot());
    if (embedded) save(opts.data, 'stripe', embedded.snapshot());
  };

  // the webhook's signing secret
  if (opts.webhookSecret) {
    account.get('customrecord_pp_config', configId).fields.custrecord_pp_cfg_webhook_secret = opts.webhookSecret;
  } else if (embedded && !account.get('customrecord_pp_config', configId).fields.custrecord_pp_cfg_webhook_id) {
    // what an admin does: check Enable Webhook and save (the compiled config user event runs)
    runSubmit(bundle.get('customscript_pp_ue_config')!, { scriptId: 'customscript_pp_ue_config' }, { type: 'edit', recordType: 'customrecord_pp_config', id: configId, values: { custrecord_pp_cfg_webhook_enabled: true } });
    const cfg = account.get('customrecord_pp_config', configId).fields;
    out(`Enable Webhook: ${String(cfg.custrecord_pp_cfg_webhook_status || '').split('. Stripe:')[0]}.`);
  }

  // the mass sync, as its scheduled deployment would run it
  const startedCalls = stripeCalls();
  const started = Date.now();
  let failed = 0;
  const tty = process.stdout.isTTY;
  let lastQuarter = -1;
  out('Mass sync (customscript_pp_mr_custsync):');
  const run = runMapReduce(bundle.get('customscript_pp_mr_custsync')!, { scriptId: 'customscript_pp_mr_custsync' }, {
    onMap(done, total, written) {
      if (!written || written.some((w) => w.key === 'failed')) failed++;
      if (tty) process.stdout.write(`\r${progressBar(done, total, failed, started)}`);
      else if (Math.floor((done / total) * 4) > lastQuarter) { lastQuarter = Math.floor((done / total) * 4); out(progressBar(done, total, failed, started)); }
    },
  });
  if (tty) process.stdout.write('\n');
  const counts: Record<string, number> = { created: 0, updated: 0, linked: 0, unchanged: 0, failed: 0 };
  for (const o of run.output) counts[o.key] = (counts[o.key] || 0) + 1;
  counts.failed += run.mapErrors.length;
  const units = run.usage.getInputData + run.usage.map.reduce((s, x) => s + x, 0) + run.usage.summarize;
  const calls = stripeCalls() - startedCalls;
  out(`Summary: created ${counts.created}, updated ${counts.updated}, linked ${counts.linked}, unchanged ${counts.unchanged}, failed ${counts.failed}.`);
  out(`Cost: ${units} governance units (getInputData ${run.usage.getInputData}, map ${run.usage.map.reduce((s, x) => s + x, 0)}, summarize ${run.usage.summarize}), ${calls} Stripe calls, ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  for (const row of account.all('customrecord_pp_sync_log').filter((r) => r.fields.custrecord_pp_sl_outcome === 'failed').slice(-3)) {
    out(`  failed: ${String(row.fields.custrecord_pp_sl_message)}`);
  }
  persist();
  if (opts.once) { await bridge?.close(); return 0; }

  // the webhook and customer portal Suitelets on localhost
  const webhook = bundle.get('customscript_pp_sl_webhook')!;
  const portal = bundle.get('customscript_pp_sl_portal')!;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url || '/', 'http://localhost');
      if (url.pathname === '/portal') {
        const r = runSuitelet(portal, { scriptId: 'customscript_pp_sl_portal' }, { method: req.method || 'GET', parameters: Object.fromEntries(url.searchParams), url: url.href });
        res.writeHead(r.status, r.headers);
        res.end(r.body);
        const problem = account.logs.filter((l) => l.title === 'PayPack portal link not opened').pop();
        out(`${new Date().toISOString()} portal link: ${r.status === 302 ? `redirected to ${r.headers.Location}` : `not opened (${problem?.details ?? 'error'})`}`);
        persist();
        return;
      }
      if (req.method !== 'POST') { res.end('PayPack sandbox: POST Stripe events here.\n'); return; }
      const body = Buffer.concat(chunks).toString('utf8');
      const parameters: Record<string, string> = { config: String(configId) };
      url.searchParams.forEach((v, k) => { parameters[k] = v; });
      const logsBefore = account.logs.length;
      const r = runSuitelet(webhook, { scriptId: 'customscript_pp_sl_webhook' }, { method: 'POST', headers: req.headers as Record<string, string>, body, parameters });
      res.writeHead(r.status, r.headers);
      res.end(r.body);
      let line: string;
      if (r.status === 200) {
        const answer = JSON.parse(r.body) as { id: string; status: string };
        const row = account.all('customrecord_pp_event').find((e) => e.fields.custrecord_pp_evt_id === answer.id);
        line = `${answer.id} ${String(row?.fields.custrecord_pp_evt_type ?? '')} ${answer.status}${row?.fields.custrecord_pp_evt_error ? `: ${String(row.fields.custrecord_pp_evt_error)}` : ''}`;
      } else {
        const reason = account.logs.slice(logsBefore).find((l) => l.title === 'PayPack webhook request refused');
        line = `refused (${reason ? reason.details : 'error'})`;
      }
      out(`${new Date().toISOString()} ${line}`);
      persist();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => reject(e.code === 'EADDRINUSE' ? new UsageError(`Port ${opts.port} is taken: pass --port <a free port>.`) : e));
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  out(`Webhook Suitelet listening on http://localhost:${port}/webhook?config=${configId}`);
  out(`  stripe listen --forward-to http://localhost:${port}/webhook   (then restart with --webhook-secret <the whsec_ it prints>)`);
  const demo = account.all('customer').find((c) => c.fields.custentity_pp_portal_url);
  if (demo) {
    // the link as stored on the customer (an extforms.netsuite.com URL), pointed at this machine
    const stored = new URL(String(demo.fields.custentity_pp_portal_url));
    out(`Customer portal Suitelet on http://localhost:${port}/portal — ${String(demo.fields.companyname || demo.fields.entityid)}'s link (open it in a browser):`);
    out(`  http://localhost:${port}/portal?token=${encodeURIComponent(stored.searchParams.get('token') || '')}`);
  }
  out('Ctrl-C to stop.');
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  server.close();
  persist();
  await bridge?.close();
  out('Stopped.');
  return 0;
}

/** One request before anything else, so a wrong key or base URL is one clear line, not 300 failed customers. */
function checkKey(bridge: SyncHttp, base: string, key: string): void {
  let status: number;
  try {
    status = bridge.request({ method: 'GET', url: `${base}/v1/customers?limit=1`, headers: { Authorization: `Bearer ${key}` }, body: '' }).status;
  } catch {
    throw new UsageError(`Stripe could not be reached at ${base}: check the network${process.env.STRIPE_API_BASE ? ' and STRIPE_API_BASE' : ''}.`);
  }
  bridge.requests--; // a check, not part of the sync's cost
  if (status === 401) throw new UsageError('Stripe refused STRIPE_SECRET_KEY (401): use a valid test secret key (Dashboard → Developers → API keys).');
  if (status === 403) throw new UsageError('STRIPE_SECRET_KEY may not read customers (403): give the restricted key write access to Customers, Customer portal and Webhook endpoints.');
}

main().then((code) => process.exit(code), (e: unknown) => {
  process.stderr.write(`${e instanceof UsageError ? e.message : `PayPack sandbox failed: ${(e as Error)?.message || e}`}\n`);
  process.exit(1);
});
