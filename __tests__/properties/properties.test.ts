/**
 * Property-based tests (fast-check) where hand-picked examples are thin: the Stripe form encoder,
 * the saved-search label -> Stripe parameter mapping, the webhook signature check, and the split of
 * a refund into the credit memo lines and tax of a taxed invoice.
 */
import fc from 'fast-check';
import Stripe from 'stripe';
import { encodeForm, StripeParams, ParamValue } from '../../src/core/stripe/form';
import { mapColumns, ColumnValue } from '../../src/core/mapping';
import { verifyStripeSignature, SIGNATURE_TOLERANCE_SECONDS } from '../../src/core/webhook-signature';
import { decodeForm, FormObject, FormValue } from '../../emulator/stripe/form';
import { InvoiceTax, refundCreditLines } from '../../src/core/books';

// a fixed seed per run keeps failures reproducible; fast-check prints it with any counterexample
const RUNS = { numRuns: 300 };

describe('the Stripe form encoder', () => {
  /** Keys as Stripe names parameters and metadata keys: no brackets, not empty. */
  const key = fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme' }).filter((k) => !/[[\]]/.test(k));
  const leaf: fc.Arbitrary<ParamValue> = fc.oneof(
    fc.string({ maxLength: 20, unit: 'grapheme' }), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined),
  );
  const { value } = fc.letrec<{ value: ParamValue }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(key, tie('value'), { maxKeys: 4 }),
    ),
  }));
  const params = fc.dictionary(key, value, { maxKeys: 6 }) as fc.Arbitrary<StripeParams>;

  /** What Stripe reads back: every leaf as text at its path (arrays by index), empty containers gone. */
  function asStripeReadsIt(v: ParamValue): FormValue | undefined {
    if (v === undefined) return undefined;
    if (v === null) return '';
    if (typeof v !== 'object') return String(v);
    const entries = (Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v))
      .map(([k, x]) => [k, asStripeReadsIt(x)] as const)
      .filter((e): e is readonly [string, FormValue] => e[1] !== undefined);
    return entries.length ? Object.fromEntries(entries) : undefined;
  }

  test('any nested metadata, address or array value round-trips through the Stripe double\'s decoding', () => {
    fc.assert(fc.property(params, (p) => {
      const decoded: FormObject = decodeForm(encodeForm(p));
      expect(decoded).toEqual(asStripeReadsIt(p) ?? {});
    }), RUNS);
  });
});

describe('saved-search labels -> Stripe parameters', () => {
  const ALLOWED = ['email', 'name', 'phone', 'description', 'address[line1]', 'address[city]', 'address[country]', 'shipping[name]', 'shipping[address][postal_code]', 'metadata[region]', 'preferred_locales[0]'];
  /** Labels an admin might type: Stripe parameters the sync is not for, misspellings, free text. */
  const otherLabel = fc.oneof(
    fc.constantFrom('balance', 'invoice_prefix', 'invoice_settings[default_payment_method]', 'tax_exempt', 'coupon', 'source', 'address', 'metadata', 'Email', 'e-mail', 'address[street]', 'shipping[address]', 'Customer ID', 'preferred_locales[x]', 'metadata[]'),
    fc.string({ maxLength: 20 }),
  );
  // the email column is given (it is the sync field); the others are any mix
  const column = fc.record({ label: fc.oneof(fc.constantFrom(...ALLOWED.filter((l) => l !== 'email')), otherLabel.filter((l) => l !== 'email')), value: fc.string({ maxLength: 30 }).map((s) => s.replace(/@/g, '')) });

  /** Every parameter path the mapping sends, as its form-encoding name. */
  function sentNames(params: StripeParams): string[] {
    return encodeForm(params).split('&').filter(Boolean).map((p) => decodeURIComponent(p.slice(0, p.indexOf('=')).replace(/\+/g, ' ')));
  }

  test('a label that is not one of the customer parameters the sync is for is never sent', () => {
    fc.assert(fc.property(fc.array(column, { maxLength: 12 }), (cols) => {
      const columns: ColumnValue[] = [{ label: 'email', field: 'email', value: 'ap@acme.test' }, ...cols.map((c, i) => ({ label: c.label, field: `custentity_x${i}`, value: c.value }))];
      const { params } = mapColumns(columns, { customerId: '101', customerName: 'Acme', subsidiaryId: '1', syncField: 'email', searchId: 'customsearch_x' });
      const allowed = new Set([...ALLOWED, 'metadata[netsuite_customer_id]', 'metadata[netsuite_subsidiary_id]']);
      for (const name of sentNames(params)) expect(allowed).toContain(name);
      expect(params.balance).toBeUndefined();
      expect(params.invoice_settings).toBeUndefined();
    }), RUNS);
  });
});

describe('the webhook signature check', () => {
  const sdk = new Stripe('sk_test_signing_only');
  const NOW = 1_800_000_000;
  const secret = fc.string({ minLength: 8, maxLength: 40, unit: 'grapheme-ascii' }).map((s) => `whsec_${s}`);
  const payload = fc.string({ minLength: 1, maxLength: 200, unit: 'grapheme' });
  const sign = (body: string, key: string, t: number) => sdk.webhooks.generateTestHeaderString({ payload: body, secret: key, timestamp: t });

  test('the exact payload and secret, signed within 300 s, pass', () => {
    fc.assert(fc.property(payload, secret, fc.integer({ min: -SIGNATURE_TOLERANCE_SECONDS, max: SIGNATURE_TOLERANCE_SECONDS }), (body, key, skew) => {
      expect(verifyStripeSignature(sign(body, key, NOW + skew), body, key, NOW)).toEqual({ ok: true, timestamp: NOW + skew });
    }), RUNS);
  });

  test('any one changed character of the payload fails', () => {
    fc.assert(fc.property(payload, secret, fc.nat(), fc.string({ minLength: 1, maxLength: 1, unit: 'grapheme' }), (body, key, at, ch) => {
      const chars = [...body];
      const i = at % chars.length;
      fc.pre(chars[i] !== ch);
      chars[i] = ch;
      expect(verifyStripeSignature(sign(body, key, NOW), chars.join(''), key, NOW)).toEqual({ ok: false, reason: 'no signature matches' });
    }), RUNS);
  });

  test('any other secret fails', () => {
    fc.assert(fc.property(payload, secret, secret, (body, key, other) => {
      fc.pre(key !== other);
      expect(verifyStripeSignature(sign(body, other, NOW), body, key, NOW).ok).toBe(false);
    }), RUNS);
  });

  test('any timestamp outside 300 s fails, whatever the signature', () => {
    const outside = fc.oneof(fc.integer({ min: SIGNATURE_TOLERANCE_SECONDS + 1, max: 10 ** 7 }), fc.integer({ min: -(10 ** 7), max: -SIGNATURE_TOLERANCE_SECONDS - 1 }));
    fc.assert(fc.property(payload, secret, outside, (body, key, skew) => {
      expect(verifyStripeSignature(sign(body, key, NOW + skew), body, key, NOW)).toEqual({ ok: false, reason: `the signature timestamp is outside the ${SIGNATURE_TOLERANCE_SECONDS} s tolerance` });
    }), RUNS);
  });
});

describe('a refund credited as the paid invoice was taxed', () => {
  const money = (c: number) => c / 100;
  const rate = fc.integer({ min: 0, max: 3000 }).map((r) => r / 10000);
  const line = fc.record({ amount: fc.integer({ min: -5000, max: 500000 }).map(money), taxed: fc.boolean(), code: fc.integer({ min: 0, max: 2 }) });
  /** An invoice taxed per line (three tax codes of their own rates) or by a US header rate on its taxable lines. */
  const invoice: fc.Arbitrary<InvoiceTax> = fc.record({ header: fc.boolean(), headerRate: rate, codeRates: fc.tuple(rate, rate, rate), lines: fc.array(line, { minLength: 1, maxLength: 6 }) })
    .map(({ header, headerRate, codeRates, lines }) => ({
      ...(header ? { headerRate } : {}),
      lines: lines.map((l) => {
        const r = header ? (l.taxed ? headerRate : 0) : l.taxed ? codeRates[l.code] : 0;
        return { amount: l.amount, tax: Math.round(l.amount * r * 100) / 100, taxcode: !header && l.taxed ? `code${l.code}` : '', taxable: header && l.taxed, rate: r };
      }),
    }));
  /** The tax NetSuite puts on the credit memo's lines: per line on its tax code, or once on the taxable lines at the header rate. */
  const netsuiteTax = (inv: InvoiceTax, lines: ReturnType<typeof refundCreditLines>['lines']) => {
    if (inv.headerRate !== undefined) return Math.round(lines.filter((l) => l.taxable).reduce((s, l) => s + l.amount, 0) * inv.headerRate * 100) / 100;
    const rateOf = (code: string) => inv.lines.find((l) => l.taxcode === code)?.rate ?? 0;
    return lines.reduce((s, l) => s + (l.taxcode ? Math.round(l.amount * rateOf(l.taxcode) * 100) / 100 : 0), 0);
  };

  test('the credit memo\'s lines and the tax NetSuite computes on them add up to the refund to the cent, every line positive, its tax what the plan says', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 10_000_000 }).map(money), invoice, (gross, inv) => {
      const plan = refundCreditLines(gross, inv);
      const net = plan.lines.reduce((s, l) => s + Math.round(l.amount * 100), 0);
      const tax = Math.round(netsuiteTax(inv, plan.lines) * 100);
      expect(net + tax).toBe(Math.round(gross * 100));
      expect([net, tax]).toEqual([Math.round(plan.net * 100), Math.round(plan.tax * 100)]);
      expect(plan.lines.every((l) => l.amount > 0)).toBe(true);
    }), RUNS);
  });

  test('rounded shares never give more than the refund: 4 cents over four small untaxed classes make 4 cents of lines, none negative', () => {
    const plan = refundCreditLines(0.04, { lines: [
      { amount: 0.04, tax: 0, taxcode: '', taxable: false, rate: 0 }, { amount: 0, tax: 0, taxcode: 'code1', taxable: false, rate: 0 },
      { amount: 0.04, tax: 0, taxcode: 'code0', taxable: false, rate: 0 }, { amount: 0.01, tax: 0, taxcode: 'code2', taxable: false, rate: 0 },
      { amount: 0.16, tax: 0, taxcode: 'code1', taxable: false, rate: 0 },
    ] });
    expect([plan.net, plan.tax, plan.lines.every((l) => l.amount > 0)]).toEqual([0.04, 0, true]);
  });

  test('one tax class: the refund\'s tax is its gross at the invoice\'s rate, within a cent', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 10_000_000 }).map(money), rate, (gross, r) => {
      const plan = refundCreditLines(gross, { lines: [{ amount: 100, tax: Math.round(100 * r * 100) / 100, taxcode: 'vat', taxable: false, rate: r }] });
      expect(Math.abs(plan.tax - (gross * r) / (1 + r))).toBeLessThanOrEqual(0.01 + 1e-9);
      expect(plan.lines.every((l) => l.taxcode === 'vat')).toBe(true);
    }), RUNS);
  });
});
