/** --data: the embedded account (and the embedded Stripe double) kept in JSON files between runs (read back by preflight.js). */
import * as fs from 'fs';
import * as path from 'path';

function replacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  return raw instanceof Date ? { $date: raw.toISOString() } : value;
}

/** Writes one data file whole (a stop mid-write leaves the previous one), stamped with the run's pair id. */
export function save(dir: string, name: string, data: object, pair: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  fs.writeFileSync(`${file}.tmp`, JSON.stringify({ ...data, pair }, replacer));
  fs.renameSync(`${file}.tmp`, file);
}
