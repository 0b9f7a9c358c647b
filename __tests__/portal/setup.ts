/** The customer portal link clicked in a browser: the compiled portal Suitelet, as NetSuite would run it. */
import * as fs from 'fs';
import * as path from 'path';
import { loadAmd, netsuiteResolver } from '../../emulator/amd';
import { runSuitelet, ScriptModule } from '../../emulator/netsuite';
import { SyncWorld } from '../sync/setup';
import { SCRIPT } from '../../src/core/ids';

const COMPILED = path.resolve(__dirname, '../../FileCabinet/SuiteScripts/PayPack/pp_sl_portal.js');

let compiled: ScriptModule | undefined;

/** The shipped file (npm test builds it first). */
export function portalSuitelet(): ScriptModule {
  if (!compiled) {
    if (!fs.existsSync(COMPILED)) throw new Error(`${COMPILED} is missing: run npm run build (npm test does) before these tests.`);
    compiled = loadAmd(COMPILED, netsuiteResolver()).exports;
  }
  return compiled;
}

/** The query parameters of a link, as the Suitelet receives them. */
function parameters(link: string): Record<string, string> {
  return Object.fromEntries(new URL(link).searchParams.entries());
}

/** A customer's browser opens the link: no NetSuite login, the deployment's own role. */
export function openLink(w: SyncWorld, link: string) {
  const calls = w.stripe.calls.length + w.euStripe.calls.length;
  const res = runSuitelet(portalSuitelet(), { scriptId: SCRIPT.slPortal.scriptId }, { method: 'GET', parameters: parameters(link), url: link });
  return { ...res, stripeCalls: w.stripe.calls.length + w.euStripe.calls.length - calls };
}
