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

/** A data file that cannot be read back, named in one line. */
export class DataFileError extends Error {}

export function load(dir: string, name: string): unknown | undefined {
  const file = path.join(dir, `${name}.json`);
  if (!fs.existsSync(file)) return undefined;
  try {
    const data = JSON.parse(fs.readFileSync(file, 'utf8'), reviver) as { records?: unknown } | null;
    const stripeStores = (d: Record<string, unknown>) => ['test', 'live'].every((m) => !!d[m] && typeof d[m] === 'object' && Array.isArray((d[m] as { customers?: unknown }).customers));
    if (!data || typeof data !== 'object' || Array.isArray(data) || (name === 'account' && !Array.isArray(data.records)) || (name === 'stripe' && !stripeStores(data as Record<string, unknown>))) {
      throw new Error('not what the sandbox writes');
    }
    return data;
  } catch (e) {
    throw new DataFileError(`${file} is not a PayPack sandbox data file (${(e as Error).message}): delete it, or pass another --data folder.`);
  }
}

/** --data must name a folder (made on first use), not a file. */
export function checkDataFolder(dir: string): string | undefined {
  if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) return `--data ${dir} is a file: give a folder for the sandbox to keep its data in (it is made if missing).`;
  return undefined;
}
