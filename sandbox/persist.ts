/** --data: the embedded account (and the embedded Stripe double) kept in JSON files between runs. */
import * as fs from 'fs';
import * as path from 'path';

function replacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  return raw instanceof Date ? { $date: raw.toISOString() } : value;
}

function reviver(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 1 && typeof (value as { $date?: unknown }).$date === 'string') {
    return new Date((value as { $date: string }).$date);
  }
  return value;
}

export function save(dir: string, name: string, data: unknown): void {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(data, replacer));
  fs.renameSync(`${file}.tmp`, file);
}

export function load(dir: string, name: string): unknown | undefined {
  const file = path.join(dir, `${name}.json`);
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8'), reviver) : undefined;
}
