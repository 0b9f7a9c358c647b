/**
 * Runners: invoke script entry points the way NetSuite does — each invocation with its own
 * governance limit, execution context and script ids — and hand back what the user or the
 * platform would see.
 */
import { account, Account, HttpResponse, UserInfo, Values } from './account';
import { Invocation, InvocationStopped } from './governance';
import { SuiteScriptError } from './errors';
import { Record as NsRecord } from './N/record';
import * as recordModule from './N/record';
import { Form } from './N/ui/serverWidget';
import { Search } from './N/search';
import { setCurrent } from './N/currentRecord';

export type ScriptModule = { [entry: string]: unknown };
type Fn = (...args: unknown[]) => unknown;

function entry(mod: ScriptModule, name: string): Fn | undefined {
  const f = mod[name];
  return typeof f === 'function' ? (f as Fn) : undefined;
}

export interface ScriptIds {
  scriptId: string;
  deploymentId?: string;
  user?: UserInfo;
}

function depId(ids: ScriptIds): string {
  return ids.deploymentId || ids.scriptId.replace(/^customscript/, 'customdeploy');
}

/** Usage of the invocations that ran inside fn. */
export function metered<T>(fn: () => T, acct: Account = account()): { result: T; invocations: Invocation[]; units: number } {
  const mark = acct.meter.mark();
  const result = fn();
  const invocations = acct.meter.since(mark);
  return { result, invocations, units: invocations.reduce((s, i) => s + i.used, 0) };
}

// ---- user event --------------------------------------------------------------------------------

export interface BeforeLoadRun { form: Form; record: NsRecord; usage: number }

export function runBeforeLoad(mod: ScriptModule, ids: ScriptIds, ctx: { type: string; recordType: string; id?: number | string; request?: unknown }): BeforeLoadRun {
  const acct = account();
  // The platform loads the record for the page; that load is not the script's.
  const rec = ctx.id !== undefined ? new NsRecord(ctx.recordType, acct.get(ctx.recordType, ctx.id), false) : new NsRecord(ctx.recordType, null, false);
  const form = new Form(ctx.recordType);
  const fn = entry(mod, 'beforeLoad');
  let usage = 0;
  if (fn) {
    const m = metered(() => acct.invoke({ kind: 'userevent', scriptId: ids.scriptId, deploymentId: depId(ids), executionContext: 'USERINTERFACE', user: acct.runAs(ids.scriptId, depId(ids), ids.user), label: `${ids.scriptId}.beforeLoad` },
      () => fn({ type: ctx.type, newRecord: rec, form, request: ctx.request, UserEventType: UserEventType })), acct);
    usage = m.units;
  }
  return { form, record: rec, usage };
}

export const UserEventType = {
  CREATE: 'create', EDIT: 'edit', XEDIT: 'xedit', DELETE: 'delete', VIEW: 'view', COPY: 'copy', PRINT: 'print', EMAIL: 'email',
} as const;

export interface SubmitRun {
  id: number;
  /** Error thrown by afterSubmit: NetSuite shows it, but the record is already saved. */
  afterSubmitError?: unknown;
  beforeSubmitUsage: number;
  afterSubmitUsage: number;
}

/**
 * A user saving a record: beforeSubmit, the save, then afterSubmit with old and new record.
 * A beforeSubmit error aborts the save (thrown here); an afterSubmit error does not undo it.
 */
export function runSubmit(mod: ScriptModule, ids: ScriptIds, ctx: { type: 'create' | 'edit' | 'xedit'; recordType: string; id?: number | string; values: Values; sublists?: Record<string, Values[]>; executionContext?: string }): SubmitRun {
  const acct = account();
  const frame = (label: string) => ({
    kind: 'userevent' as const, scriptId: ids.scriptId, deploymentId: depId(ids), executionContext: ctx.executionContext || 'USERINTERFACE', user: acct.runAs(ids.scriptId, depId(ids), ids.user), label: `${ids.scriptId}.${label}`,
  });
  const oldRecord = ctx.id !== undefined ? new NsRecord(ctx.recordType, acct.get(ctx.recordType, ctx.id), false) : undefined;
  const newRecord = ctx.id !== undefined ? new NsRecord(ctx.recordType, acct.get(ctx.recordType, ctx.id), false) : new NsRecord(ctx.recordType, null, false);
  // what the user types is set, and saved, with the user's own role (field access, record permissions)
  asUser(acct, ids.user, () => {
    for (const [k, v] of Object.entries(ctx.values)) newRecord.setValue({ fieldId: k, value: v });
    for (const [sublistId, lines] of Object.entries(ctx.sublists || {})) {
      lines.forEach((line, i) => { for (const [fieldId, value] of Object.entries(line)) newRecord.setSublistValue({ sublistId, fieldId, line: i, value }); });
    }
  });

  let beforeSubmitUsage = 0;
  const before = entry(mod, 'beforeSubmit');
  if (before) beforeSubmitUsage = metered(() => acct.invoke(frame('beforeSubmit'), () => before({ type: ctx.type, newRecord, oldRecord, UserEventType })), acct).units;

  // the platform's own save is not metered against the script
  const id = asUser(acct, ids.user, () => newRecord.save());
  const saved = ctx.type === 'xedit' ? xeditView(ctx.recordType, id, ctx.values) : new NsRecord(ctx.recordType, acct.get(ctx.recordType, id), false);

  let afterSubmitError: unknown;
  let afterSubmitUsage = 0;
  const after = entry(mod, 'afterSubmit');
  if (after) {
    const m = metered(() => {
      try {
        acct.invoke(frame('afterSubmit'), () => after({ type: ctx.type, newRecord: saved, oldRecord, UserEventType }));
      } catch (e) {
        afterSubmitError = e;
      }
    }, acct);
    afterSubmitUsage = m.units;
  }
  return { id, afterSubmitError, beforeSubmitUsage, afterSubmitUsage };
}

/** The platform's own work on behalf of a user (outside any script invocation), with that user's role. */
function asUser<T>(acct: Account, user: UserInfo | undefined, fn: () => T): T {
  if (!user) return fn();
  const was = acct.user;
  acct.user = user;
  try {
    return fn();
  } finally {
    acct.user = was;
  }
}

/** In an inline edit, newRecord holds only the fields that were edited. */
function xeditView(type: string, id: number, values: Values): NsRecord {
  const stored = account().get(type, id);
  const partial = { ...stored, fields: Object.fromEntries(Object.keys(values).map((k) => [k, stored.fields[k]])) };
  return new NsRecord(type, partial, false);
}

// ---- suitelet ----------------------------------------------------------------------------------

export interface SuiteletRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  parameters?: Record<string, string>;
  url?: string;
  user?: UserInfo;
  /** A test's interruption: NetSuite stops the Suitelet (a server restart) before a call past this many units. */
  stopAt?: number;
}
export interface SuiteletResponse extends HttpResponse {
  page?: unknown;
  redirect?: unknown;
  usage: number;
  error?: unknown;
}

/** NetSuite's page for an uncaught Suitelet error (the script cannot choose the status). */
function errorPage(e: unknown): string {
  const name = e instanceof SuiteScriptError ? e.name : 'UNEXPECTED_ERROR';
  return `<html><body><h1>An unexpected SuiteScript error has occurred</h1><p>${name}</p></body></html>`;
}

export function runSuitelet(mod: ScriptModule, ids: ScriptIds, req: SuiteletRequest): SuiteletResponse {
  const acct = account();
  const fn = entry(mod, 'onRequest');
  if (!fn) throw new Error(`${ids.scriptId} has no onRequest`);
  const headers: Record<string, string> = {};
  // NetSuite hands header names to the script in lower case.
  for (const [k, v] of Object.entries(req.headers || {})) headers[k.toLowerCase()] = v;
  const out: { body: string[]; headers: Record<string, string>; page?: unknown; redirect?: unknown } = { body: [], headers: {} };
  const request = {
    method: (req.method || 'GET').toUpperCase(),
    headers,
    body: req.body || '',
    parameters: { ...(req.parameters || {}) },
    url: req.url || '',
    clientIpAddress: '127.0.0.1',
    files: {},
  };
  const response = {
    write(o: { output: string } | string) { out.body.push(typeof o === 'string' ? o : String(o.output)); },
    writeLine(o: { output: string }) { out.body.push(`${o.output}\n`); },
    setHeader(o: { name: string; value: string }) { out.headers[o.name] = o.value; },
    addHeader(o: { name: string; value: string }) { out.headers[o.name] = o.value; },
    getHeader(o: { name: string }) { return out.headers[o.name]; },
    writePage(o: { pageObject: unknown } | unknown) { out.page = (o as { pageObject?: unknown }).pageObject ?? o; },
    sendRedirect(o: unknown) { out.redirect = o; },
  };
  let error: unknown;
  acct.redirectTo = undefined;
  const m = metered(() => {
    try {
      // Execute As Role: the deployment's role, whoever calls; without one, the logged-in user's own role
      acct.invoke({ kind: 'suitelet', scriptId: ids.scriptId, deploymentId: depId(ids), executionContext: 'SUITELET', user: acct.runAs(ids.scriptId, depId(ids), req.user || ids.user), label: ids.scriptId, ...(req.stopAt !== undefined ? { stopAt: req.stopAt } : {}) },
        () => fn({ request, response }));
    } catch (e) {
      error = e;
    }
  }, acct);
  if (error) return { status: 500, headers: { 'Content-Type': 'text/html' }, body: errorPage(error), usage: m.units, error };
  const location = acct.redirectTo;
  acct.redirectTo = undefined;
  // N/redirect wins over what the script wrote, as in NetSuite
  if (location) return { status: 302, headers: { Location: location }, body: '', usage: m.units, redirect: location };
  return { status: 200, headers: out.headers, body: out.body.join(''), page: out.page, redirect: out.redirect, usage: m.units };
}

/** Let https calls to this account's Suitelet URLs reach the given modules. */
export function installScriptModules(modules: { [scriptId: string]: ScriptModule }, acct: Account = account()): void {
  for (const [id, mod] of Object.entries(modules)) acct.scriptModules.set(id, mod);
  acct.suiteletDispatch = (scriptId, deploymentId, req) => {
    const mod = acct.scriptModules.get(scriptId);
    if (!mod) return { status: 404, headers: {}, body: `No module installed for ${scriptId}` };
    const { params, ...rest } = req;
    const res = runSuitelet(mod, { scriptId, deploymentId }, { ...rest, parameters: params, user: acct.currentUser });
    return { status: res.status, headers: res.headers, body: res.body };
  };
}

// ---- client ------------------------------------------------------------------------------------

/** A client script function run in the browser on the given record (type and id of the page). */
export function runClient(mod: ScriptModule, fnName: string, ctx: { recordType: string; id?: number | string; user?: UserInfo; args?: unknown[]; scriptId?: string; mode?: 'view' | 'edit' }): { result: unknown; usage: number } {
  const acct = account();
  const fn = entry(mod, fnName);
  if (!fn) throw new Error(`client module has no ${fnName}`);
  const rec = ctx.id !== undefined ? recordModule.load.call(null, { type: ctx.recordType, id: ctx.id }) : new NsRecord(ctx.recordType, null, true);
  if (ctx.mode === 'view') {
    // a page in view mode shows the record read-only
    rec.setValue = () => { throw new SuiteScriptError('SSS_INVALID_UI_OBJECT_TYPE', 'The record is in view mode: its fields cannot be set.'); };
  }
  setCurrent(rec);
  try {
    const m = metered(() => acct.invoke({ kind: 'client', scriptId: ctx.scriptId, executionContext: 'USERINTERFACE', user: ctx.user, label: `client.${fnName}` },
      () => fn(...(ctx.args ?? [{ currentRecord: rec, mode: 'edit' }]))), acct);
    return { result: m.result, usage: m.units };
  } finally {
    setCurrent(undefined);
  }
}

// ---- map/reduce --------------------------------------------------------------------------------

export interface StageErrors { key: string; error: string; executionNo: number }
export interface MapReduceRun {
  input: Array<{ key: string; value: string }>;
  mapErrors: StageErrors[];
  reduceErrors: StageErrors[];
  inputError?: string;
  summarizeError?: unknown;
  output: Array<{ key: string; value: string }>;
  usage: { getInputData: number; map: number[]; reduce: number[]; summarize: number };
  logs: Account['logs'];
}

export function serializeError(e: unknown): string {
  if (e instanceof SuiteScriptError) return JSON.stringify({ ...e.toJSON(), id: e.id, notifyOff: e.notifyOff, userFacing: false });
  const err = e as { name?: string; message?: string; stack?: string };
  return JSON.stringify({ type: 'error.SuiteScriptError', name: err?.name || 'Error', message: err?.message ?? String(e), stack: String(err?.stack || '').split('\n') });
}

function inputPairs(data: unknown): Array<{ key: string; value: string }> {
  const str = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  if (data instanceof Search) return data.results().map((r) => ({ key: r.id, value: JSON.stringify(r.toJSON()) }));
  if (data && typeof data === 'object' && (data as { type?: string }).type === 'search' && (data as { id?: string }).id) {
    const { load } = require('./N/search') as typeof import('./N/search');
    return inputPairs(load({ id: String((data as { id: string }).id) }));
  }
  if (Array.isArray(data)) return data.map((v, i) => ({ key: String(i), value: str(v) }));
  if (data && typeof data === 'object') return Object.entries(data).map(([k, v]) => ({ key: k, value: str(v) }));
  if (data === undefined || data === null) return [];
  throw new Error('getInputData returned something NetSuite cannot read');
}

function iter<T extends unknown[]>(rows: T[]) {
  return { iterator: () => ({ each: (cb: (...a: T) => boolean) => { for (const r of rows) if (cb(...r) !== true) break; } }) };
}

/** Run every stage of a map/reduce deployment, as NetSuite's framework would. */
export interface MapReduceHooks {
  /** Before a key's map call: what happens elsewhere in the account meanwhile (a webhook delivery, a user's edit). */
  beforeMap?(key: string, value: string): void;
  /** After each map call (its output, or undefined when it failed): for progress displays. */
  onMap?(done: number, total: number, written: Array<{ key: string; value: string }> | undefined): void;
  /** As each stage starts (progress displays: no phase of a long run goes by in silence). */
  onStage?(stage: 'getInputData' | 'map' | 'shuffle' | 'reduce' | 'summarize'): void;
  /**
   * NetSuite stops a stage part-way, before the call that would take it past `afterUnits` (for map
   * and reduce: the call for `key`, else the first key). `restart`: the platform restarted (a server restart),
   * so the stage runs again from its start with `isRestarted` true, as NetSuite documents; otherwise
   * the stage fails there, as if it had thrown. `times`: how many invocations are stopped (a map key's
   * retries too), 1 unless told.
   */
  interrupt?: { stage: 'getInputData' | 'map' | 'reduce' | 'summarize'; afterUnits: number; key?: string | ((key: string) => boolean); restart: boolean; times?: number };
}

export function runMapReduce(mod: ScriptModule, ids: ScriptIds, hooks: MapReduceHooks = {}): MapReduceRun {
  const acct = account();
  const deploymentId = depId(ids);
  const cfg = (mod.config as { retryCount?: number; exitOnError?: boolean } | undefined) || {};
  const retries = Math.max(0, Math.min(3, cfg.retryCount ?? 0));
  const frame = (kind: 'getInputData' | 'map' | 'reduce' | 'summarize', label: string) => ({
    kind, scriptId: ids.scriptId, deploymentId, executionContext: 'MAPREDUCE', user: ids.user, label: `${ids.scriptId}.${label}`,
  });
  const logStart = acct.logs.length;
  const run: MapReduceRun = { input: [], mapErrors: [], reduceErrors: [], output: [], usage: { getInputData: 0, map: [], reduce: [], summarize: 0 }, logs: [] };
  const started = acct.now();

  // getInputData
  const gid = entry(mod, 'getInputData');
  if (!gid) throw new Error(`${ids.scriptId} has no getInputData`);
  const cut = hooks.interrupt;
  let cutsLeft = cut?.times ?? 1;
  const cutKey = (key: string | undefined) => (typeof cut?.key === 'function' ? cut.key(key || '') : key === (cut?.key ?? run.input[0]?.key));
  const stopAt = (stage: string, key?: string) => {
    if (!cut || cut.stage !== stage || cutsLeft <= 0 || ((stage === 'map' || stage === 'reduce') && !cutKey(key))) return {};
    cutsLeft--;
    return { stopAt: cut.afterUnits };
  };
  /** A whole-stage invocation; when a test's interruption restarts it, it runs again from its start, told so. Units of both count. */
  const restartable = <T>(stage: 'getInputData' | 'summarize', body: (isRestarted: boolean) => T): { result: T; units: number } => {
    const once = (isRestarted: boolean) => metered(() => acct.invoke({ ...frame(stage, stage), ...(isRestarted ? {} : stopAt(stage)) }, () => body(isRestarted)), acct);
    try {
      return once(false);
    } catch (e) {
      if (!(e instanceof InvocationStopped && cut?.restart)) throw e;
      const stopped = acct.meter.history[acct.meter.history.length - 1]?.used || 0;
      const again = once(true);
      return { result: again.result, units: again.units + stopped };
    }
  };
  hooks.onStage?.('getInputData');
  try {
    const m = restartable('getInputData', (isRestarted) => inputPairs(gid({ isRestarted, ObjectRef: Object })));
    run.input = m.result;
    run.usage.getInputData = m.units;
  } catch (e) {
    run.inputError = serializeError(e);
  }

  // map
  const mapFn = entry(mod, 'map');
  hooks.onStage?.('map');
  const mapOut: Array<{ key: string; value: string }> = [];
  const mapKeys: string[] = [];
  let stop = false;
  let done = 0;
  for (const pair of run.input) {
    if (stop) break;
    if (!mapFn) { mapOut.push(pair); continue; }
    mapKeys.push(pair.key);
    hooks.beforeMap?.(pair.key, pair.value);
    let output: Array<{ key: string; value: string }> | undefined;
    let stopHere = stopAt('map', pair.key);
    let restarted = false;
    for (let attempt = 1; attempt <= retries + 1; attempt++) {
      const written: Array<{ key: string; value: string }> = [];
      const ctx = {
        key: pair.key, value: pair.value, isRestarted: attempt > 1 || restarted, executionNo: attempt,
        // read only when the script asks (a filter over every error per key would grow with the run)
        errors: { iterator: () => iter(run.mapErrors.filter((e) => e.key === pair.key).map((e) => [e.key, e.error, e.executionNo] as [string, string, number])).iterator() },
        write: (o: { key: unknown; value: unknown } | unknown, v?: unknown) => {
          const kv = v === undefined ? (o as { key: unknown; value: unknown }) : { key: o, value: v };
          written.push({ key: String(kv.key), value: typeof kv.value === 'string' ? kv.value : JSON.stringify(kv.value) });
        },
      };
      try {
        const m = metered(() => acct.invoke({ ...frame('map', `map ${pair.key}`), ...stopHere }, () => mapFn(ctx)), acct);
        run.usage.map.push(m.units);
        mapOut.push(...written);
        output = written;
        break;
      } catch (e) {
        run.usage.map.push(acct.meter.history[acct.meter.history.length - 1]?.used || 0);
        stopHere = stopAt('map', pair.key);
        if (e instanceof InvocationStopped && cut?.restart) {
          // a restart is not a failed attempt: the key's map runs again, told it was restarted
          restarted = true;
          attempt--;
          continue;
        }
        run.mapErrors.push({ key: pair.key, error: serializeError(e), executionNo: attempt });
        if (cfg.exitOnError && attempt === retries + 1) stop = true;
      }
    }
    hooks.onMap?.(++done, run.input.length, output);
  }

  // shuffle + reduce
  const reduceFn = entry(mod, 'reduce');
  hooks.onStage?.('shuffle');
  const groups = new Map<string, string[]>();
  for (const { key, value } of mapOut) {
    const values = groups.get(key);
    if (values) values.push(value);
    else groups.set(key, [value]);
  }
  const reduceKeys: string[] = [];
  if (reduceFn && !stop) {
    hooks.onStage?.('reduce');
    for (const [key, values] of groups) {
      reduceKeys.push(key);
      let stopHere = stopAt('reduce', key);
      let restarted = false;
      for (let attempt = 1; attempt <= retries + 1; attempt++) {
        const written: Array<{ key: string; value: string }> = [];
        const ctx = {
          key, values, isRestarted: attempt > 1 || restarted, executionNo: attempt,
          errors: iter(run.reduceErrors.filter((e) => e.key === key).map((e) => [e.key, e.error, e.executionNo] as [string, string, number])),
          write: (o: { key: unknown; value: unknown }) => written.push({ key: String(o.key), value: typeof o.value === 'string' ? o.value : JSON.stringify(o.value) }),
        };
        try {
          const m = metered(() => acct.invoke({ ...frame('reduce', `reduce ${key}`), ...stopHere }, () => reduceFn(ctx)), acct);
          run.usage.reduce.push(m.units);
          run.output.push(...written);
          break;
        } catch (e) {
          stopHere = stopAt('reduce', key);
          if (e instanceof InvocationStopped && cut?.restart) {
            restarted = true;
            attempt--;
            continue;
          }
          run.reduceErrors.push({ key, error: serializeError(e), executionNo: attempt });
          if (cfg.exitOnError && attempt === retries + 1) stop = true;
        }
      }
      if (stop) break;
    }
  } else if (!reduceFn) {
    run.output = mapOut;
  }

  // summarize
  const sumFn = entry(mod, 'summarize');
  if (sumFn) {
    hooks.onStage?.('summarize');
    const seconds = Math.max(0, (acct.clock.now() - started.getTime()) / 1000);
    const sum = (a: number[]) => a.reduce((s, x) => s + x, 0);
    const summary = {
      dateCreated: started, seconds, usage: run.usage.getInputData + sum(run.usage.map) + sum(run.usage.reduce), concurrency: 1, yields: 0, isRestarted: false,
      inputSummary: { dateCreated: started, error: run.inputError || null, seconds, usage: run.usage.getInputData },
      mapSummary: {
        dateCreated: started, seconds, usage: sum(run.usage.map), concurrency: 1, yields: 0,
        keys: iter(mapKeys.map((k) => [k] as [string])),
        errors: iter(run.mapErrors.map((e) => [e.key, e.error, e.executionNo] as [string, string, number])),
      },
      reduceSummary: {
        dateCreated: started, seconds, usage: sum(run.usage.reduce), concurrency: 1, yields: 0,
        keys: iter(reduceKeys.map((k) => [k] as [string])),
        errors: iter(run.reduceErrors.map((e) => [e.key, e.error, e.executionNo] as [string, string, number])),
      },
      output: iter(run.output.map((o) => [o.key, o.value] as [string, string])),
    };
    try {
      run.usage.summarize = restartable('summarize', (isRestarted) => sumFn({ ...summary, isRestarted })).units;
    } catch (e) {
      run.summarizeError = e;
    }
  }
  run.logs = acct.logs.slice(logStart);
  return run;
}
