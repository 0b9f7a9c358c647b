/** Types of sandbox/preflight.js (plain JavaScript, so npm start can refuse before it builds). */
import type { Options } from './options';
export declare const SANDBOX_OPTIONS: string[];
export declare function swallowedOptions(env: Record<string, string | undefined>): void;
export declare function checkCardCustomer(customerId: string, ids: number[]): void;
export declare function preflight(opts: Options, env: Record<string, string | undefined>): {
  key?: string; base: string; savedAccount?: Record<string, unknown>; savedStripe?: Record<string, unknown>;
};
