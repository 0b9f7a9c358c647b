/** Stripe's form encoding: nested objects as a[b][c]=v, arrays as a[0]=v. */
export type ParamValue = string | number | boolean | null | undefined | StripeParams | ParamValue[];
export interface StripeParams { [key: string]: ParamValue }

function encode(s: string): string {
  return encodeURIComponent(s).replace(/%20/g, '+');
}

export function encodeForm(params: StripeParams): string {
  const parts: string[] = [];
  const walk = (prefix: string, value: ParamValue): void => {
    if (value === undefined) return;
    if (value === null) { parts.push(`${encode(prefix)}=`); return; }
    if (Array.isArray(value)) { value.forEach((v, i) => walk(`${prefix}[${i}]`, v)); return; }
    if (typeof value === 'object') { for (const k of Object.keys(value)) walk(`${prefix}[${k}]`, value[k]); return; }
    parts.push(`${encode(prefix)}=${encode(String(value))}`);
  };
  for (const k of Object.keys(params)) walk(k, params[k]);
  return parts.join('&');
}

/** The same parameters always give the same text (sorted keys), for fingerprints and idempotency keys. */
export function canonicalParams(value: ParamValue): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalParams).join(',')}]`;
  if (typeof value === 'object') return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalParams(value[k])}`).join(',')}}`;
  return JSON.stringify(String(value));
}
