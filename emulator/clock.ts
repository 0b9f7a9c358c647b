/**
 * One clock for the whole emulated world: the NetSuite account, the Stripe double and the bundle's
 * own `new Date()` / `Date.now()` read it. Tests run on a virtual clock that only moves when a test
 * moves it, so the suite passes on any date at any hour; the local sandbox runs on the system clock.
 */

/** The platform's own Date, kept before anything replaces the global one. */
const SystemDate: DateConstructor = (globalThis as { __ppSystemDate?: DateConstructor }).__ppSystemDate ?? Date;
(globalThis as { __ppSystemDate?: DateConstructor }).__ppSystemDate = SystemDate;

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

/** Real time, for the sandbox. */
export const systemClock: Clock = { now: () => SystemDate.now() };

/** A clock that stands still until it is moved: every test's clock. */
export class VirtualClock implements Clock {
  constructor(private ms: number = VirtualClock.DEFAULT_START) {}

  /** Where a new emulated account's clock starts: a fixed instant, never today. */
  static readonly DEFAULT_START = SystemDate.UTC(2026, 10, 23, 12, 0, 0);

  now(): number {
    return this.ms;
  }

  /** Move forward (or back, for a test of a clock skew) by this many milliseconds. */
  advance(ms: number): void {
    this.ms += ms;
  }

  set(at: Date | number): void {
    this.ms = typeof at === 'number' ? at : at.getTime();
  }
}

/**
 * A Date constructor whose "now" is the given clock's: `new Date()` and `Date.now()` read it,
 * every other use (`new Date(ms)`, `Date.UTC`, `Date.parse`, methods) is the platform's Date.
 */
export function clockedDate(read: () => number): DateConstructor {
  class ClockedDate extends SystemDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(read());
      else super(...(args as [string | number | Date]));
    }

    static override now(): number {
      return read();
    }

    /** Dates made before the swap, or by the platform's Date, are Dates too. */
    static override [Symbol.hasInstance](x: unknown): boolean {
      return x instanceof SystemDate;
    }
  }
  // Date() called without new gives the current time as text, as the platform's does
  const callable = new Proxy(ClockedDate, {
    apply: () => new SystemDate(read()).toString(),
  });
  return callable as unknown as DateConstructor;
}
