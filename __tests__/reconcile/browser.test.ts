/**
 * The reconciliation page in a real browser: Debian's headless Chromium, driven by playwright-core,
 * against the sandbox's /reconcile while it serves the demo account. An accountant opens the list,
 * clicks through to the demo payout and reads the tie-out from the rendered page.
 * Needs /usr/bin/chromium (apt-get install -y chromium) or CHROMIUM_PATH; without it the test fails.
 */
import { ChildProcessWithoutNullStreams, execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { chromium, BrowserContext } from 'playwright-core';

const root = path.resolve(__dirname, '../..');
// its own output folder: the sandbox test compiles build/sandbox at the same time
const outDir = path.join(root, 'build/sandbox-browser');
const main = path.join(outDir, 'sandbox/main.js');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let sandbox: ChildProcessWithoutNullStreams | undefined;
let context: BrowserContext | undefined;
let profile = '';

beforeAll(() => {
  execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'pipe' });
  execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.sandbox.json'), '--outDir', outDir], { stdio: 'pipe' });
}, 120000);

afterAll(async () => {
  await context?.close();
  if (sandbox && sandbox.exitCode === null && sandbox.signalCode === null) sandbox.kill('SIGKILL');
  if (profile) fs.rmSync(profile, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address() as net.AddressInfo; s.close(() => resolve(port)); });
  });
}

/** The sandbox with the embedded Stripe double, serving until killed; resolves once it prints `re`. */
async function startSandbox(port: number, re: RegExp): Promise<{ out: () => string; match: RegExpExecArray }> {
  const child = spawn(process.execPath, [main, '--customers', '5', '--port', String(port)], { cwd: root, env: { ...process.env, STRIPE_SECRET_KEY: '', STRIPE_API_BASE: '' } }) as ChildProcessWithoutNullStreams;
  sandbox = child;
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  const until = Date.now() + 60000;
  while (Date.now() < until) {
    const m = re.exec(stdout);
    if (m) return { out: () => stdout, match: m };
    if (child.exitCode !== null) throw new Error(`the sandbox ended (${child.exitCode}) before printing ${re}:\n${stdout}\n${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the sandbox did not print ${re} within a minute:\n${stdout}\n${stderr}`);
}

test('an accountant opens /reconcile in Chromium, clicks through to the demo payout and reads that it ties out, as npm start printed it', async () => {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`The browser test needs Debian's chromium at ${CHROMIUM} (apt-get install -y chromium; .ci/run installs it) or CHROMIUM_PATH set to a Chromium executable.`);
  }
  const port = await freePort();
  const run = await startSandbox(port, /PayPack Reconciliation Suitelet on (http:\/\/localhost:\d+\/reconcile)/);
  const printed = run.out();
  // npm start's breakdown of the demo payout: its payments, customers, unapplied credit, fee account and tie-out
  const tie = /^ {4}(Ties out: .*)$/m.exec(printed);
  expect(tie).not.toBeNull();
  expect(printed).toMatch(/^ {4}payment +19\.99 USD {2}.+ · ch_\w+ · unapplied: 19\.99 USD stays the customer's credit · transaction \d+$/m);
  expect(printed).toMatch(/^ {4}fees +-6\.19 USD {2}to Stripe Fees \(the fee account\)$/m);
  expect(printed).toMatch(/^ {4}clearing lines: none$/m);
  expect(printed).toMatch(/^Saved searches made by PayPack Payments Import \(Reports > Saved Searches\): customsearch_pp_payout_payments, customsearch_pp_payout_transactions, customsearch_pp_unapplied_credit, customsearch_pp_clearing_lines, customsearch_pp_not_posted\.$/m);

  profile = fs.mkdtempSync(path.join(os.tmpdir(), 'pp-chromium-'));
  context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS });
  const page = context.pages()[0] ?? await context.newPage();
  await page.goto(run.match[1]);
  expect(await page.title()).toBe('PayPack Reconciliation');
  const payoutId = /payout (po_\w+) 166\.3 USD paid/.exec(printed)![1];
  const row = page.locator(`#payouts tbody tr[data-payout="${payoutId}"]`);
  expect(await row.locator('td').allInnerTexts()).toEqual(expect.arrayContaining([payoutId, '166.30', 'USD', 'paid', 'none']));
  await row.getByRole('link', { name: payoutId }).click();
  await page.waitForSelector('#tieout');
  expect(await page.title()).toBe(`PayPack Reconciliation: ${payoutId}`);
  // what the accountant reads: the bank line, four lines of the deposit, the fee on its account, the tie-out
  expect(await page.locator('#bank-line').innerText()).toBe('166.30 USD');
  const lines = await page.locator('#lines tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td as unknown as { innerText: string }).innerText)));
  expect(lines.map((l) => [l[0], l[5], l[6]])).toEqual([
    ['payment', '42.50', expect.stringMatching(/^invoice INV\d+$/)],
    ['payment', '19.99', 'unapplied'],
    ['payment', '120.00', 'unapplied'],
    ['refund', '-10.00', expect.stringMatching(/^credit memo \d+ on invoice INV\d+$/)],
  ]);
  expect(await page.locator('#fees tbody td').first().innerText()).toBe('Stripe Fees');
  const tieOut = page.locator('#tieout');
  expect(await tieOut.getAttribute('class')).toBe('ties');
  expect(await tieOut.innerText()).toBe(tie![1]);
  expect(tie![1]).toBe('Ties out: payments 182.49 − refunds 10.00 − fees 6.19 + clearing 0.00 = 166.30 USD; deposit 166.30 USD; bank line 166.30 USD.');
  // the deposit link: the sandbox has no NetSuite record pages, so it shows what the deposit holds
  const depositLink = page.locator('#payout a', { hasText: /^Deposit \d+$/ });
  const depositHref = await depositLink.getAttribute('href');
  const depositText = await (await page.request.get(new URL(depositHref!, page.url()).href)).text();
  expect(depositText).toMatch(/^The sandbox serves no NetSuite record pages; in NetSuite this link opens deposit \d+\. What it holds:/);
  expect(depositText).toContain('"total": 166.3');
  // and back to the list
  await page.getByRole('link', { name: 'All payouts' }).click();
  await page.waitForSelector('#payouts');
  expect(await page.locator('#payouts tbody tr').count()).toBe(1);
}, 120000);
