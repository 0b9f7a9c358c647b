/** The shipped files: tests run the compiled AMD entry points as NetSuite would (npm test builds them first). */
import * as fs from 'fs';
import * as path from 'path';
import { loadAmd, netsuiteResolver } from '../emulator/amd';
import { ScriptModule } from '../emulator/netsuite';

const DIR = path.resolve(__dirname, '../FileCabinet/SuiteScripts/PayPack');
const loaded = new Map<string, ScriptModule>();

/** `pp_mr_payments` → the exports of FileCabinet/SuiteScripts/PayPack/pp_mr_payments.js. */
export function compiled(name: string): ScriptModule {
  let mod = loaded.get(name);
  if (!mod) {
    const file = path.join(DIR, `${name}.js`);
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: run npm run build (npm test does) before these tests.`);
    mod = loadAmd(file, netsuiteResolver()).exports as ScriptModule;
    loaded.set(name, mod);
  }
  return mod;
}
