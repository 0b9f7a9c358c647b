/** Stripe's form encoding, decoded the way Stripe's API reads it (independent of the bundle's encoder). */
export type FormValue = string | FormObject | FormValue[];
export interface FormObject { [k: string]: FormValue }

/** `a[b][0]=x&expand[]=y` -> { a: { b: { '0': 'x' } }, expand: ['y'] } */
export function decodeForm(text: string): FormObject {
  // keys are the client's (metadata keys may be "toString" or "__proto__"): objects without a prototype
  const out: FormObject = Object.create(null);
  if (!text) return out;
  for (const part of text.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const rawKey = decodeURIComponent((eq < 0 ? part : part.slice(0, eq)).replace(/\+/g, ' '));
    const value = eq < 0 ? '' : decodeURIComponent(part.slice(eq + 1).replace(/\+/g, ' '));
    const m = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(rawKey);
    if (!m) throw new FormError(`Invalid parameter name: ${rawKey}`, rawKey);
    const path = [m[1], ...[...m[2].matchAll(/\[([^[\]]*)\]/g)].map((x) => x[1])];
    let node: FormObject | FormValue[] = out;
    for (let i = 0; i < path.length; i++) {
      const key = path[i];
      const last = i === path.length - 1;
      if (key === '') {
        if (!Array.isArray(node)) throw new FormError(`Invalid array parameter: ${rawKey}`, rawKey);
        if (last) node.push(value);
        else { const child: FormObject = Object.create(null); node.push(child); node = child; }
        continue;
      }
      const container = node as FormObject;
      if (last) {
        container[key] = value;
      } else {
        const nextIsPush = path[i + 1] === '';
        let child = container[key];
        if (child === undefined || typeof child === 'string') {
          child = nextIsPush ? [] : Object.create(null) as FormObject;
          container[key] = child;
        }
        node = child as FormObject | FormValue[];
      }
    }
  }
  return out;
}

export class FormError extends Error {
  constructor(message: string, readonly param: string) { super(message); }
}

/** A decoded object whose keys are 0..n-1 read as an array (Stripe accepts `a[0]=x` for arrays). */
export function asList(v: FormValue | undefined): FormValue[] | undefined {
  if (v === undefined) return undefined;
  if (Array.isArray(v)) return v;
  if (typeof v === 'object') {
    const keys = Object.keys(v);
    if (keys.every((k) => /^\d+$/.test(k))) return keys.sort((a, b) => Number(a) - Number(b)).map((k) => v[k]);
  }
  return undefined;
}
