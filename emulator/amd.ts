/**
 * Loads a compiled SuiteScript file the way NetSuite does: as an AMD module whose N/*
 * dependencies are resolved by the platform (here: the account double's modules).
 */
import * as fs from 'fs';
import { clockedDate } from './clock';
import { account } from './netsuite/account';

export type Resolver = (dependency: string) => unknown;

export interface AmdModule {
  exports: Record<string, unknown>;
  dependencies: string[];
  /** The leading JSDoc block NetSuite reads @NApiVersion / @NScriptType from. */
  tags: Record<string, string>;
}

export function readTags(source: string): Record<string, string> {
  const m = /^\s*\/\*\*([\s\S]*?)\*\//.exec(source);
  const tags: Record<string, string> = {};
  if (!m) return tags;
  for (const t of m[1].matchAll(/@(N\w+)\s+([^\s*]+)/g)) tags[t[1]] = t[2];
  return tags;
}

/** Globals the compiled file sees in place of the platform's (the emulated clock's Date). */
export interface AmdGlobals { Date?: DateConstructor }

export function loadAmd(file: string, resolve: Resolver, globals: AmdGlobals = netsuiteGlobals()): AmdModule {
  const source = fs.readFileSync(file, 'utf8');
  let captured: { deps: string[]; factory: (...a: unknown[]) => unknown } | undefined;
  const define = (depsOrFactory: unknown, maybeFactory?: unknown) => {
    if (captured) throw new Error(`${file} calls define twice`);
    const deps = Array.isArray(depsOrFactory) ? (depsOrFactory as string[]) : [];
    const factory = (Array.isArray(depsOrFactory) ? maybeFactory : depsOrFactory) as (...a: unknown[]) => unknown;
    captured = { deps, factory };
  };
  (define as unknown as { amd: object }).amd = {};
  new Function('define', 'Date', source)(define, globals.Date ?? Date);
  if (!captured) throw new Error(`${file} does not call define()`);
  const exportsObj: Record<string, unknown> = {};
  const args = captured.deps.map((d) => (d === 'exports' ? exportsObj : d === 'require' ? (x: string) => resolve(x) : resolve(d)));
  const returned = captured.factory(...args);
  const exportsOut = returned && typeof returned === 'object' ? (returned as Record<string, unknown>) : exportsObj;
  return { exports: exportsOut, dependencies: captured.deps, tags: readTags(source) };
}

/** A server script's `new Date()` and `Date.now()` read the emulated account's clock (time passes while it busy-waits). */
export function netsuiteGlobals(): AmdGlobals {
  return { Date: clockedDate(() => account().scriptNow()) };
}

/** Resolve N/* to the account double's modules (outside jest's module mapper). */
export function netsuiteResolver(): Resolver {
  return (dep: string) => {
    if (!dep.startsWith('N/')) throw new Error(`Unexpected AMD dependency ${dep}: the bundle must be self-contained`);
    return require(`./netsuite/${dep}`);
  };
}
