import { nsError } from './errors';

/** What a script type may spend in one invocation (NetSuite's documented limits). */
export const USAGE_LIMITS = {
  userevent: 1000,
  suitelet: 1000,
  client: 1000,
  restlet: 5000,
  scheduled: 10000,
  getInputData: 10000,
  map: 1000,
  reduce: 5000,
  summarize: 10000,
} as const;
export type InvocationKind = keyof typeof USAGE_LIMITS;

export interface Charge {
  units: number;
  op: string;
}

export interface Invocation {
  kind: InvocationKind;
  label: string;
  limit: number;
  used: number;
  charges: Charge[];
  scriptId?: string;
  deploymentId?: string;
  /** A test's interruption: the invocation is stopped before a call that would take it past this many units. */
  stopAt?: number;
}

/**
 * NetSuite stopped the invocation part-way: a server restart, or a map/reduce stage failing (a test
 * makes one happen after so many units). Not a SuiteScript error: nothing the script can catch.
 */
export class InvocationStopped extends Error {
  constructor(readonly label: string, readonly used: number) { super(`NetSuite stopped ${label} after ${used} units`); this.name = 'InvocationStopped'; }
}

/**
 * Governance meter. Every metered N/* call charges the innermost running invocation; a call that
 * would take the invocation past its limit throws SSS_USAGE_LIMIT_EXCEEDED before it runs, as
 * NetSuite does. Calls made outside any invocation (test setup) are free.
 */
export class Meter {
  private stack: Invocation[] = [];
  readonly history: Invocation[] = [];

  get current(): Invocation | undefined {
    return this.stack[this.stack.length - 1];
  }

  begin(kind: InvocationKind, label: string, ids: { scriptId?: string; deploymentId?: string; stopAt?: number } = {}): Invocation {
    const inv: Invocation = { kind, label, limit: USAGE_LIMITS[kind], used: 0, charges: [], ...ids };
    this.stack.push(inv);
    this.history.push(inv);
    return inv;
  }

  end(inv: Invocation): void {
    const i = this.stack.lastIndexOf(inv);
    if (i >= 0) this.stack.splice(i, 1);
  }

  charge(units: number, op: string): void {
    const inv = this.current;
    if (!inv || units === 0) return;
    if (inv.stopAt !== undefined && inv.used + units > inv.stopAt) throw new InvocationStopped(inv.label, inv.used);
    if (inv.used + units > inv.limit) {
      throw nsError(
        'SSS_USAGE_LIMIT_EXCEEDED',
        `Script Execution Usage Limit Exceeded: ${inv.kind} ${inv.label} used ${inv.used} of ${inv.limit} units and ${op} needs ${units} more.`,
      );
    }
    inv.used += units;
    inv.charges.push({ units, op });
  }

  remaining(): number {
    const inv = this.current;
    return inv ? inv.limit - inv.used : USAGE_LIMITS.scheduled;
  }

  /** Invocations recorded since `mark` (an index into history), for per-flow budgets. */
  since(mark: number): Invocation[] {
    return this.history.slice(mark);
  }

  mark(): number {
    return this.history.length;
  }
}
