/** N/log double: entries kept in the account, in order, for tests to read (and scan for secrets). */
import { account, LogEntry } from '../account';

type LogOptions = { title?: string; details?: unknown } | string;

function write(level: LogEntry['level'], options: LogOptions, details?: unknown): void {
  const o = typeof options === 'string' ? { title: options, details } : options || {};
  const d = o.details;
  const text = d === undefined || d === null ? '' : typeof d === 'string' ? d : d instanceof Error ? `${d.name}: ${d.message}` : JSON.stringify(d);
  // NetSuite cuts a log's details at 3,999 characters.
  account().logs.push({ level, title: String(o.title ?? ''), details: text.slice(0, 3999), scriptId: account().frame?.scriptId });
}

export function debug(options: LogOptions, details?: unknown): void { write('DEBUG', options, details); }
export function audit(options: LogOptions, details?: unknown): void { write('AUDIT', options, details); }
export function error(options: LogOptions, details?: unknown): void { write('ERROR', options, details); }
export function emergency(options: LogOptions, details?: unknown): void { write('EMERGENCY', options, details); }
