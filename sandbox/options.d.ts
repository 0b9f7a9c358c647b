/** Types of sandbox/options.js (plain JavaScript, so npm start can check options before it builds). */
export interface Options { once: boolean; port: number; data?: string; webhookSecret?: string; customers: number; customersGiven?: boolean; card?: { customerId: string; brand: string } }
export declare const HELP: string;
export declare const CARD_BRANDS: string[];
export declare class UsageError extends Error {}
export declare function parseArgs(argv: string[]): Options | 'help';
