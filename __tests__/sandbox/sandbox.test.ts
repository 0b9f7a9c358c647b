/**
 * The local sandbox as a user runs it: a child process running the compiled bundle, talking to
 * the Stripe double over real local HTTP (STRIPE_API_BASE), and receiving signed webhook events.
 */
import { ChildProcessWithoutNullStreams, execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Server } from 'http';
import Stripe from 'stripe';
import { StripeDouble } from '../../emulator/stripe';
import { systemClock } from '../../emulator/clock';
import { account } from '../../emulator/netsuite';

// The sandbox is a live process on the system clock: this test signs events and waits for its
// output in the same real time (it depends on time passing, never on which day it is).
account().clock = systemClock;

const root = path.resolve(__dirname, '../..');
const main = path.join(root, 'build/sandbox/sandbox/main.js');
const KEY = `sk_test_${'SandboxTest'.padEnd(24, '0')}`;
const SECRET = `whsec_${'sandbox'.repeat(4)}`; // generated, not a real secret
const sdk = new Stripe('sk_test_signing_only');

let stripe: StripeDouble;
let server: Server;
let base: string;

beforeAll(() => {
  execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'pipe' });
  execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.sandbox.json')], { stdio: 'pipe' });
}, 120000);

beforeEach(async () => {
  stripe = new StripeDouble({ apiKeys: [KEY] });
  ({ server, url: base } = await stripe.listen(0));
});
/** Every sandbox process a test starts: ended after the test whether it passed or failed, so a red run still exits. */
const running: ChildProcessWithoutNullStreams[] = [];
/** Set once a test is over (passed, failed or timed out), so no wait of it keeps polling after it. */
let testOver = false;
beforeEach(() => { testOver = false; });
afterEach(() => {
  testOver = true;
  for (const child of running.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  server.closeAllConnections();
  server.close();
});

function start(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [main, ...args], {
    cwd: root, env: { ...process.env, STRIPE_SECRET_KEY: KEY, STRIPE_API_BASE: base, ...env },
  }) as ChildProcessWithoutNullStreams;
  running.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  // 'close' comes after the last output (an 'exit' may come before it)
  let closed = false;
  child.on('close', () => { closed = true; });
  const waitFor = async (re: RegExp, ms = 30000) => {
    const until = Date.now() + ms;
    while (Date.now() < until && !testOver) {
      const m = re.exec(stdout);
      if (m) return m;
      // a sandbox that has ended prints nothing more: fail now, not after the whole wait
      if (closed) throw new Error(`the sandbox ended (${child.exitCode ?? child.signalCode}) before printing ${re}; stdout:\n${stdout}\nstderr:\n${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`${testOver ? 'test over' : 'timed out'} while waiting for ${re}; stdout:\n${stdout}\nstderr:\n${stderr}`);
  };
  return { child, exited, waitFor, output: () => ({ stdout, stderr }) };
}

/** Lines of the output with a bracket inside another ((…(…)…), […[…]…], (…<…>…)): each is hard to read. */
function nestedBrackets(text: string): string[] {
  const open = '([{<';
  const close = ')]}>';
  return text.split('\n').filter((line) => {
    let depth = 0;
    for (const ch of line) {
      if (open.includes(ch) && ++depth > 1) return true;
      if (close.includes(ch)) depth = Math.max(0, depth - 1);
    }
    return false;
  });
}

test('--once: the demo mass sync against the Stripe double over HTTP, summary and cost printed, exit 0', async () => {
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'pp-sandbox-'));
  const first = start(['--once', '--customers', '40', '--data', data]);
  expect(await first.exited).toBe(0);
  const out = first.output().stdout;
  expect(out).toContain('Demo account seeded: 2 subsidiaries, 1 PayPack Config, 40 customers.');
  expect(out).toContain(`Keeping state in ${data}: saved after the sync and after each request served; Ctrl-C before then leaves the folder as it was.`);
  expect(out).toContain(`Stripe: test mode at ${base}`);
  // the last progress line gives the rate over the whole sync, however short
  expect(out).toMatch(/\[#{30}\] 40\/40 customers, \d+\/s, 0 failed/);
  expect(out).toContain('Summary: created 40, updated 0, linked 0, unchanged 0, failed 0.');
  const cost = /Cost: (\d+) governance units .*, (\d+) Stripe calls/.exec(out)!;
  expect(Number(cost[2])).toBe(80);
  expect(stripe.calls.length).toBe(80 + 1); // and one key check at start, not counted as the sync's
  expect(nestedBrackets(out)).toEqual([]);

  expect(stripe.store().customers.size).toBe(40);
  expect([...stripe.store().customers.values()].every((c) => (c.metadata as Record<string, string>).netsuite_customer_id)).toBe(true);

  // a second run sees what the first synced: nothing changed, nothing sent
  const second = start(['--once', '--data', data]);
  expect(await second.exited).toBe(0);
  expect(second.output().stdout).toContain('Summary: created 0, updated 0, linked 0, unchanged 40, failed 0.');
  expect(second.output().stdout).toMatch(/, 0 Stripe calls/);
  expect(stripe.calls.length).toBe(80 + 2);
}, 60000);

test('serving: a signed event posted to the webhook URL is applied and printed; Ctrl-C stops cleanly', async () => {
  const run = start(['--customers', '5', '--port', '0', '--webhook-secret', SECRET]);
  const [, url] = await run.waitFor(/listening on (http:\/\/localhost:\d+\/webhook\?config=\d+)/);
  const cus = [...stripe.store().customers.values()].find((c) => (c.metadata as Record<string, string>).netsuite_customer_id === '101')!;
  const pm = stripe.seedPaymentMethod(cus.id as string, { card: { brand: 'visa', last4: '4242', exp_month: 8, exp_year: 2027 } });
  stripe.handle({ method: 'POST', url: `/v1/customers/${cus.id}`, headers: { Authorization: `Bearer ${KEY}` }, body: `invoice_settings[default_payment_method]=${pm.id}` });
  const event = stripe.store().events.filter((e) => e.type === 'customer.updated').pop()!;
  const payload = JSON.stringify(event);
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Stripe-Signature': sdk.webhooks.generateTestHeaderString({ payload, secret: SECRET }) }, body: payload });
  expect(res.status).toBe(200);
  // Stripe is answered with the outcome only; what PayPack did is on the event row, which the sandbox prints
  expect(await res.json()).toEqual({ received: true, id: event.id, status: 'processed' });
  await run.waitFor(new RegExp(`${event.id} customer.updated processed: customer 101: default payment method is now Visa •••• 4242 \\(exp 08/2027\\)`));

  // the demo customer's portal link: a redirect to a fresh session of the (test-mode) Stripe account
  const [, link] = await run.waitFor(/^ {2}(http:\/\/localhost:\d+\/portal\?token=\S+)$/m);
  const portal = await fetch(link, { redirect: 'manual' });
  expect(portal.status).toBe(302);
  const session = [...stripe.store().portalSessions.values()].pop()!;
  expect(portal.headers.get('location')).toBe(session.url);
  expect(session.customer).toBe([...stripe.store().customers.values()].find((c) => (c.metadata as Record<string, string>).netsuite_customer_id === String(new URL(link).searchParams.get('token')!.split('.')[0]))!.id);
  await run.waitFor(/portal link: redirected to https:\/\/billing\.stripe\.com\/p\/session\//);
  const revoked = await fetch(link.replace(/.{4}$/, '0000'));
  expect(await revoked.text()).toContain('This billing portal link is not available.');

  const forged = await fetch(url, { method: 'POST', headers: { 'Stripe-Signature': sdk.webhooks.generateTestHeaderString({ payload, secret: 'whsec_wrong' }) }, body: payload });
  expect(forged.status).toBe(500);
  await run.waitFor(/refused: config \d+: no signature matches/);

  run.child.kill('SIGINT');
  expect(await run.exited).toBe(0);
  expect(run.output().stdout).toContain('Stopped.');
}, 60000);

test('errors are one clear line: a live key, a wrong key, a taken port, an unknown option', async () => {
  const live = start(['--once'], { STRIPE_SECRET_KEY: 'sk_live_abcdefghijklmnop' });
  expect(await live.exited).toBe(1);
  expect(live.output().stderr).toBe('STRIPE_SECRET_KEY is a live key: the sandbox only talks to Stripe test mode. Use an sk_test_... key.\n');
  const wrongKey = start(['--once'], { STRIPE_SECRET_KEY: `sk_test_${'unknown'.repeat(3)}` });
  expect(await wrongKey.exited).toBe(1);
  expect(wrongKey.output().stderr).toBe('Stripe refused STRIPE_SECRET_KEY (401): use a valid test secret key (Dashboard → Developers → API keys).\n');
  const bad = start(['--frobnicate']);
  expect(await bad.exited).toBe(1);
  expect(bad.output().stderr).toBe('Unknown option --frobnicate (see npm start -- --help)\n');
  const taken = start(['--customers', '1', '--port', String(new URL(base).port)]);
  expect(await taken.exited).toBe(1);
  expect(taken.output().stderr).toBe(`Port ${new URL(base).port} is taken: pass --port <a free port>.\n`);
  const help = start(['--help']);
  expect(await help.exited).toBe(0);
  for (const opt of ['--once', '--port', '--data', '--webhook-secret', '--customers', 'STRIPE_SECRET_KEY', 'STRIPE_API_BASE', 'stripe listen']) expect(help.output().stdout).toContain(opt);
}, 60000);

test('--card: a demo customer gets a new card in the embedded Stripe double; its signed events reach the local webhook and the customer shows the new default', async () => {
  const run = start(['--once', '--customers', '5', '--card', '102=mastercard'], { STRIPE_SECRET_KEY: '' });
  expect(await run.exited).toBe(0);
  const out = run.output().stdout;
  expect(out).toMatch(/^Webhook signing secret \(made by Enable Webhook in the embedded Stripe double\): whsec_[0-9a-f]{48}$/m);
  expect(out).toMatch(/evt_\w+ customer\.updated processed: customer 102/);
  expect(out).toMatch(/^Customer 102 \(.+\): default payment method is now Mastercard •••• 4444 \(exp 12\/\d{4}\)\.$/m);
  // the payments demo: three charges, a refund and a payout through the local webhook, then the payments job
  // three demo charges of the US subsidiary's customers (103 is the EU subsidiary's: the US bank cannot take its payment), the one that pays the demo invoice by card, and Charge Card's and Autopay's
  expect(out.match(/evt_\w+ charge\.succeeded processed: customer 10[124]: payment ch_\w+ created/g)).toHaveLength(6);
  expect(out).toMatch(/evt_\w+ charge\.refunded processed: customer 101: payment ch_\w+ updated: 42\.5 USD partially refunded, 10 refunded\./);
  expect(out).toMatch(/evt_\w+ payout\.paid processed: payout po_\w+ created: 166\.3 USD paid/);
  expect(out).toMatch(/^PayPack Payments Import: payout po_\w+ 166\.3 USD paid: 3 charges 182\.49, 1 refund 10, Stripe fees 6\.19; 3 payment rows point to it\.$/m);
  // the books: the demo invoice paid by its charge, the refund credited, Undeposited Funds holding what Stripe took in
  expect(out).toMatch(/^Books: invoice INV\d+ \(42\.5 USD\) paid by customer payment \d+ for Stripe charge ch_\w+; its 10 USD refund posted as a credit memo and 1 customer refund; amount due 0, the customer's A\/R 0, Undeposited Funds 172\.49 USD\.$/m);
  // the payout as the bank deposit that matches the bank statement line, its fees on one line
  expect(out).toMatch(/^Books: payout po_\w+ posted as bank deposit \d+ of 166\.3 USD into Operating Bank: 4 payments and refunds off Undeposited Funds, Stripe fees 6\.19 on one cash-back line; Undeposited Funds 0 USD, Operating Bank 166\.3 USD\.$/m);
  // Pay by card: the invoice's link opens Checkout, the double pays it, the books apply it
  expect(out).toMatch(/^Pay by card: invoice INV2001 paid through Stripe Checkout \(75 USD\); amount due now 0\.$/m);
  // Charge Card on one invoice, PayPack Autopay on another due today; the books apply both
  expect(out).toMatch(/^Charge Card: invoice INV2002 \(30 USD\): Charged 30\.00 USD to Visa •••• 4242 \(exp 12\/\d{4}\) \(pi_\w+, attempt 1\)\.$/m);
  expect(out).toMatch(/^PayPack Autopay: 1 invoice due; INV2003 \(55 USD\): Charged 55\.00 USD to Visa •••• 4242 \(exp 12\/\d{4}\) \(pi_\w+, attempt 1\)\.$/m);
  expect(out).toMatch(/^Books: after the payments job, amount due on INV2002 0 and on INV2003 0\.$/m);
}, 60000);

test('with STRIPE_SECRET_KEY and no --webhook-secret, the sandbox says the local webhook has no signing secret and what to do', async () => {
  const run = start(['--once', '--customers', '1']);
  expect(await run.exited).toBe(0);
  expect(run.output().stdout).toContain('Webhook signing secret: none. Enable Webhook is not run against Stripe test mode');
  const passed = start(['--once', '--customers', '1', '--webhook-secret', SECRET]);
  expect(await passed.exited).toBe(0);
  expect(passed.output().stdout).toContain('Webhook signing secret: the one given with --webhook-secret');
}, 60000);

test('bad options and resources are one line each, before any work starts', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pp-sandbox-bad-'));
  const file = path.join(dir, 'a-file');
  fs.writeFileSync(file, 'x');
  const corrupt = path.join(dir, 'corrupt');
  fs.mkdirSync(corrupt);
  fs.writeFileSync(path.join(corrupt, 'account.json'), '{"records": tru');
  const net = await import('net');
  const taken = net.createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', () => resolve()));
  const takenPort = String((taken.address() as { port: number }).port);
  const cases: Array<[string[], string]> = [
    [['--data', file], `--data ${file} is a file: give a folder for the sandbox to keep its data in (it is made if missing).\n`],
    [['--data', corrupt], `${path.join(corrupt, 'account.json')} is not a PayPack sandbox data file`],
    [['--port', takenPort], `Port ${takenPort} is taken: pass --port <a free port>.\n`],
    [['--card', 'abc'], '--card takes a demo customer\'s internal id and an optional brand (visa, mastercard, amex, discover), e.g. --card 101 or --card 101=mastercard\n'],
  ];
  try {
    for (const [args, line] of cases) {
      const run = start(args, { STRIPE_SECRET_KEY: '' });
      expect(await run.exited).toBe(1);
      const { stdout, stderr } = run.output();
      expect(stderr.split('\n').filter(Boolean)).toHaveLength(1);
      expect(stderr).toContain(line);
      expect(stdout).not.toMatch(/Demo account seeded|Mass sync|Account loaded/);
    }
  } finally {
    taken.close();
  }
}, 60000);

test('a half-deleted or foreign --data folder is one clear line, and nothing in it is overwritten', async () => {
  const full = fs.mkdtempSync(path.join(os.tmpdir(), 'pp-sandbox-half-'));
  expect(await start(['--once', '--customers', '3', '--data', full], { STRIPE_SECRET_KEY: '' }).exited).toBe(0);
  const accountJson = fs.readFileSync(path.join(full, 'account.json'), 'utf8');
  const stripeJson = fs.readFileSync(path.join(full, 'stripe.json'), 'utf8');
  const folder = (files: Record<string, string>) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pp-sandbox-half-'));
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    return dir;
  };
  const cases: Array<[string, RegExp]> = [
    [folder({ 'account.json': accountJson }), /has account\.json but no stripe\.json: the sandbox keeps the account and its embedded Stripe together\. Delete the folder to start afresh \(or pass another --data\); nothing was changed\.\n$/],
    [folder({ 'stripe.json': stripeJson }), /has stripe\.json but no account\.json/],
    [folder({ 'account.json': accountJson, 'stripe.json': '[1,2,3]' }), /stripe\.json is not a PayPack sandbox data file \(not what the sandbox writes\): delete it, or pass another --data folder\.\n$/],
  ];
  for (const [dir, line] of cases) {
    const before = Object.fromEntries(fs.readdirSync(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
    const run = start(['--once', '--data', dir], { STRIPE_SECRET_KEY: '' });
    expect(await run.exited).toBe(1);
    expect(run.output().stderr).toMatch(line);
    expect(run.output().stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(Object.fromEntries(fs.readdirSync(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]))).toEqual(before);
  }
  // --customers with a folder that already holds an account: said, not ignored in silence
  const again = start(['--once', '--customers', '50', '--data', full], { STRIPE_SECRET_KEY: '' });
  expect(await again.exited).toBe(0);
  expect(again.output().stdout).toContain(`--customers 50 is not used: ${full} already holds an account (delete the folder to seed a fresh one).`);
}, 60000);

test('--card naming no demo customer fails before the sync, with --once too; --customers 0 says at least 1; npm start answers a bad option before building', async () => {
  const run = start(['--once', '--customers', '3', '--card', '5'], { STRIPE_SECRET_KEY: '' });
  expect(await run.exited).toBe(1);
  expect(run.output().stderr).toBe('No demo customer 5: the demo customers\' internal ids are 101 to 103, e.g. --card 101 or /card?customer=101&brand=amex.\n');
  expect(run.output().stdout).not.toContain('Mass sync');
  const zero = start(['--customers', '0']);
  expect(await zero.exited).toBe(1);
  expect(zero.output().stderr).toBe('--customers takes a whole number of at least 1, e.g. --customers 300\n');
  // scripts/start.mjs (npm start) checks options with the sandbox's own parser before it builds anything
  const quick = spawn(process.execPath, [path.join(root, 'scripts/start.mjs'), '--bogus'], { cwd: root });
  running.push(quick);
  let stderr = '';
  let stdout = '';
  quick.stderr.on('data', (d) => { stderr += d; });
  quick.stdout.on('data', (d) => { stdout += d; });
  expect(await new Promise((resolve) => quick.on('exit', resolve))).toBe(1);
  expect([stdout, stderr]).toEqual(['', 'Unknown option --bogus (see npm start -- --help)\n']);
}, 60000);

test('serving with the embedded Stripe double: the demo invoice\'s Pay by card link is paid when opened', async () => {
  const run = start(['--customers', '5', '--port', '0'], { STRIPE_SECRET_KEY: '' });
  const [, link] = await run.waitFor(/^ {2}(http:\/\/localhost:\d+\/pay\?token=\S+)$/m);
  const res = await fetch(link);
  expect(await res.text()).toBe('Pay by card: invoice INV2001 paid through Stripe Checkout (75 USD); amount due now 0.\n');
  const again = await fetch(link);
  expect(await again.text()).toBe('Pay by card: no payment page — Pay by card link of invoice INV2001 clicked with nothing due (paid, credited or voided): the customer was told so.\n');
  // /card without a customer says what it needs, with the demo ids
  const card = await fetch(new URL('/card', link));
  expect(await card.text()).toBe('/card needs ?customer=<a demo customer\'s internal id>: 101 to 105, e.g. /card?customer=101&brand=amex.\n');
  // a reason with brackets of its own is not wrapped in more
  const cut = await fetch(new URL('/pay?token=cut', link));
  expect(await cut.text()).toBe('Pay by card: no payment page — the link carries no PayPack pay token (cut or changed)\n');
  await fetch(new URL('/portal?token=cut', link));
  await run.waitFor(/portal link: not opened — the link carries no PayPack portal token \(cut or changed\)/);
  run.child.kill('SIGINT');
  expect(await run.exited).toBe(0);
  expect(nestedBrackets(run.output().stdout)).toEqual([]);
}, 60000);

/** scripts/start.mjs as `npm start` runs it (npm names itself in npm_lifecycle_event): output and exit code, no build expected. */
async function npmStart(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [path.join(root, 'scripts/start.mjs'), ...args], { cwd: root, env: { ...process.env, npm_lifecycle_event: 'start', STRIPE_SECRET_KEY: '', ...env } });
  running.push(child as ChildProcessWithoutNullStreams);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  const code = await new Promise((resolve) => child.on('close', resolve));
  return { code, stdout, stderr };
}

test('npm start refuses before it builds: options npm took for itself, a live or malformed key, a bad STRIPE_API_BASE, an unknown --card id, a bad --data folder', async () => {
  const full = fs.mkdtempSync(path.join(os.tmpdir(), 'pp-sandbox-pre-'));
  fs.writeFileSync(path.join(full, 'account.json'), JSON.stringify({ records: [['customer', [{ id: 101 }, { id: 102 }]]], pair: 'a' }));
  fs.writeFileSync(path.join(full, 'stripe.json'), JSON.stringify({ test: { customers: [] }, live: { customers: [] }, pair: 'a' }));
  const cases: Array<[string[], Record<string, string>, string]> = [
    // `npm start --once` (no --): npm keeps --once and hands it on only as npm_config_once
    [[], { npm_config_once: 'true' }, 'npm took --once for itself: put the sandbox\'s options after --, e.g. npm start -- --once\n'],
    [['/tmp/x'], { npm_config_data: 'true' }, 'npm took --data for itself: put the sandbox\'s options after --, e.g. npm start -- --data <value>\n'],
    [['--once'], { STRIPE_SECRET_KEY: 'sk_live_abcdefghijklmnop' }, 'STRIPE_SECRET_KEY is a live key: the sandbox only talks to Stripe test mode. Use an sk_test_... key.\n'],
    [['--once'], { STRIPE_SECRET_KEY: 'pk_test_abc' }, 'STRIPE_SECRET_KEY must be a Stripe test secret key (sk_test_... or rk_test_...).\n'],
    [['--once'], { STRIPE_SECRET_KEY: KEY, STRIPE_API_BASE: 'localhost:12111' }, 'STRIPE_API_BASE must be an http(s) address such as https://api.stripe.com or http://localhost:12111, not "localhost:12111".\n'],
    [['--once', '--customers=3', '--card', '104'], {}, 'No demo customer 104: the demo customers\' internal ids are 101 to 103, e.g. --card 101 or /card?customer=101&brand=amex.\n'],
    [['--once', '--data', full, '--card=103'], {}, 'No demo customer 103: the demo customers\' internal ids are 101 to 102, e.g. --card 101 or /card?customer=101&brand=amex.\n'],
    [['--customers=0'], {}, '--customers takes a whole number of at least 1, e.g. --customers 300\n'],
  ];
  for (const [args, env, line] of cases) {
    const run = await npmStart(args, env);
    expect([run.code, run.stderr, run.stdout]).toEqual([1, line, '']);
  }
}, 60000);

test('a --data folder whose account.json and stripe.json come from two different runs is refused in one line, and left as it is', async () => {
  const one = fs.mkdtempSync(path.join(os.tmpdir(), 'pp-sandbox-pair-'));
  const two = fs.mkdtempSync(path.join(os.tmpdir(), 'pp-sandbox-pair-'));
  expect(await start(['--once', '--customers', '2', '--data', one], { STRIPE_SECRET_KEY: '' }).exited).toBe(0);
  expect(await start(['--once', '--customers', '2', '--data', two], { STRIPE_SECRET_KEY: '' }).exited).toBe(0);
  fs.copyFileSync(path.join(two, 'stripe.json'), path.join(one, 'stripe.json'));
  const before = fs.readdirSync(one).map((f) => fs.readFileSync(path.join(one, f), 'utf8'));
  const mixed = await npmStart(['--once', '--data', one], {});
  expect([mixed.code, mixed.stdout]).toEqual([1, '']);
  expect(mixed.stderr).toBe(`${one} holds account.json and stripe.json of two different runs: the account's Stripe ids would point at customers that Stripe does not have. Delete the folder to start afresh (or pass another --data); nothing was changed.\n`);
  expect(fs.readdirSync(one).map((f) => fs.readFileSync(path.join(one, f), 'utf8'))).toEqual(before);
  // the pair a run wrote is read back as one: a third run on the second folder goes on
  const again = start(['--once', '--data', two], { STRIPE_SECRET_KEY: '' });
  expect(await again.exited).toBe(0);
  expect(again.output().stdout).toContain('Summary: created 0, updated 0, linked 0, unchanged 2, failed 0.');
}, 60000);
