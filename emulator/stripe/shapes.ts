/**
 * The Stripe double answers only with fields of the API version the bundle pins: every object it
 * answers (and every object expanded inside one) is checked against Stripe's own example object of
 * that resource for 2025-09-30.clover (fixtures/). A field the version does not have throws, so the
 * test that asked fails, as the bundle would read nothing there from the real API.
 */
import * as fs from 'fs';
import * as path from 'path';

export const FIXTURE_API_VERSION = '2025-09-30.clover';
const FILE = `fixtures3.${FIXTURE_API_VERSION}.json`;

type Obj = Record<string, unknown>;
let resources: Record<string, Obj> | undefined;

/** Stripe's example objects by resource name (`charge`, `checkout.session`, `deleted_customer`...). */
export function stripeFixtures(): Record<string, Obj> {
  if (resources) return resources;
  // the same folder in the source tree and in the sandbox's build (build/sandbox/emulator/stripe)
  let dir = __dirname;
  for (let i = 0; i < 6 && !fs.existsSync(path.join(dir, 'emulator/stripe/fixtures', FILE)); i++) dir = path.dirname(dir);
  const file = fs.existsSync(path.join(__dirname, 'fixtures', FILE)) ? path.join(__dirname, 'fixtures', FILE) : path.join(dir, 'emulator/stripe/fixtures', FILE);
  resources = (JSON.parse(fs.readFileSync(file, 'utf8')) as { resources: Record<string, Obj> }).resources;
  return resources;
}

/** Fields Stripe answers only in one answer, so its example object lacks them. */
const ONLY_SOMETIMES: Record<string, string[]> = {
  // the signing secret comes back once, in the answer to the create
  webhook_endpoint: ['secret'],
  // a refund that failed says why and how the money came back (Stripe's OpenAPI spec, schema `refund`)
  refund: ['failure_reason', 'failure_balance_transaction'],
};

export class ShapeError extends Error {}

/** Throws if `value` holds an object with a field its resource does not have in the pinned version. */
export function checkShape(value: unknown, where = 'answer'): void {
  if (Array.isArray(value)) { value.forEach((v, i) => checkShape(v, `${where}[${i}]`)); return; }
  if (!value || typeof value !== 'object') return;
  const obj = value as Obj;
  const kind = typeof obj.object === 'string' ? (obj.deleted === true ? `deleted_${obj.object}` : obj.object) : undefined;
  const example = kind ? stripeFixtures()[kind] : undefined;
  if (example) {
    // a polymorphic object carries the hash named by its type (a payment method's `us_bank_account`)
    const allowed = new Set([...Object.keys(example), ...(ONLY_SOMETIMES[kind!] || []), ...(typeof obj.type === 'string' ? [obj.type] : [])]);
    const extra = Object.keys(obj).filter((k) => !allowed.has(k));
    if (extra.length) throw new ShapeError(`The Stripe double answered ${kind}.${extra.join(`, ${kind}.`)} in its ${where}: API version ${FIXTURE_API_VERSION} has no such field.`);
  }
  for (const [k, v] of Object.entries(obj)) if (v && typeof v === 'object') checkShape(v, `${where}.${k}`);
}
