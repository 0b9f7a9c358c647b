/** Checkout sessions (the pay link) and invoice payments (which Stripe invoice a payment paid). */
import { asList, FormObject } from './form';
import { clone, error, missing, newestFirst, Obj, ok, page, RouteContext, STRIPE_CURRENCIES, StripeResponse, DoubleCore } from './common';
import { seedCharge } from './charges';

/**
 * The customer pays on the Checkout page: a succeeded charge of the session's amount, its payment
 * intent carrying the session's payment_intent_data metadata (charge.succeeded is emitted).
 */
export function completeCheckout(d: DoubleCore, sessionId: string, mode: 'test' | 'live' = 'test'): Obj {
  const store = d.stores[mode];
  const s = store.checkoutSessions.get(sessionId)!;
  // an expired (or already paid) session's page cannot be paid
  if (checkoutNow(d, s).status !== 'open') throw new Error(`Checkout Session ${sessionId} is ${String(s.status)}: it cannot be paid.`);
  const charge = seedCharge(d, String(s.customer), { amount: Number(s.amount_total), currency: String(s.currency), intentMetadata: s._intentMetadata as Record<string, string>, mode });
  Object.assign(s, { status: 'complete', payment_status: 'paid', payment_intent: charge.payment_intent });
  return charge;
}

/** A session past its expires_at is expired (Stripe expires open sessions at that time). */
function checkoutNow(d: DoubleCore, cs: Obj): Obj {
  if (cs.status === 'open' && d.now() >= Number(cs.expires_at)) cs.status = 'expired';
  return cs;
}

/** A stored Checkout Session as Stripe answers it (the double's own bookkeeping left out). */
function publicSession(cs: Obj): Obj {
  return Object.fromEntries(Object.entries(cs).filter(([k]) => !k.startsWith('_')));
}

export function checkoutRoutes(d: DoubleCore, { store, live, p, params, expand, route }: RouteContext): StripeResponse | undefined {
  switch (route) {
    case 'POST /v1/checkout/sessions': {
      const items = asList(params.line_items) || [];
      const line = (items[0] || {}) as FormObject;
      const price = (line.price_data || {}) as FormObject;
      const currency = String(price.currency || '').toLowerCase();
      if (!STRIPE_CURRENCIES.has(currency)) return error(400, 'invalid_request_error', `Invalid currency: ${currency}. Stripe currently supports these currencies: ${[...STRIPE_CURRENCIES].slice(0, 8).join(', ')}, ...`, { param: 'line_items[0][price_data][currency]' });
      // a deleted customer is as missing to Checkout as one that never was
      const payer = typeof params.customer === 'string' ? store.customers.get(params.customer) : undefined;
      if (typeof params.customer === 'string' && (!payer || payer.deleted)) return missing('customer', params.customer, 'customer');
      const amount = Number(price.unit_amount || 0) * Number(line.quantity || 1);
      const id = d.id('cs');
      const now = d.now();
      const session: Obj = {
        id, object: 'checkout.session', mode: params.mode, customer: params.customer ?? null, currency, amount_total: amount, amount_subtotal: amount,
        payment_status: 'unpaid', status: 'open', success_url: params.success_url ?? null, cancel_url: params.cancel_url ?? null, created: now,
        expires_at: typeof params.expires_at === 'string' ? Number(params.expires_at) : now + 86400, livemode: live,
        metadata: (params.metadata as Obj | undefined) ?? {}, payment_intent: null, url: `https://checkout.stripe.com/c/pay/${id}`,
      };
      store.checkoutSessions.set(id, { ...session, _intentMetadata: ((params.payment_intent_data || {}) as FormObject).metadata || {}, _name: ((price.product_data || {}) as FormObject).name });
      return ok(session);
    }
    case 'GET /v1/checkout/sessions': {
      let list = newestFirst([...store.checkoutSessions.values()].map((x) => checkoutNow(d, x)));
      if (typeof params.customer === 'string') list = list.filter((x) => x.customer === params.customer);
      if (typeof params.status === 'string') list = list.filter((x) => x.status === params.status);
      if (typeof params.payment_intent === 'string') list = list.filter((x) => x.payment_intent === params.payment_intent);
      return ok(page(store, list, params, '/v1/checkout/sessions', publicSession));
    }
    case 'GET /v1/checkout/sessions/{session}': {
      const cs = store.checkoutSessions.get(p.session);
      return cs ? ok(publicSession(checkoutNow(d, cs))) : missing('checkout.session', p.session, 'session');
    }
    case 'POST /v1/checkout/sessions/{session}/expire': {
      const cs = store.checkoutSessions.get(p.session);
      if (!cs) return missing('checkout.session', p.session, 'session');
      // Stripe: "A Checkout Session can be expired when it is in one of these statuses: open"
      if (checkoutNow(d, cs).status !== 'open') return error(400, 'invalid_request_error', `This Checkout Session is not in an expirable state (status: ${String(cs.status)}).`, {});
      cs.status = 'expired';
      return ok(publicSession(cs));
    }
    case 'GET /v1/invoice_payments': {
      let list = newestFirst([...store.invoicePayments.values()]);
      if (typeof params.invoice === 'string') list = list.filter((x) => x.invoice === params.invoice);
      if (typeof params.status === 'string') list = list.filter((x) => x.status === params.status);
      const pay = params.payment;
      if (pay && typeof pay === 'object' && !Array.isArray(pay) && typeof pay.payment_intent === 'string') list = list.filter((x) => (x.payment as Obj).payment_intent === pay.payment_intent);
      const withInvoice = expand.includes('data.invoice');
      return ok(page(store, list, params, '/v1/invoice_payments', (x) => (withInvoice && store.invoices.has(String(x.invoice)) ? { ...x, invoice: clone(store.invoices.get(String(x.invoice))) } : x)));
    }
    case 'GET /v1/invoice_payments/{invoice_payment}': {
      const ip = store.invoicePayments.get(p.invoice_payment);
      if (!ip) return missing('invoice_payment', p.invoice_payment, 'invoice_payment');
      // expandable (Stripe API reference, The Invoice Payment object): invoice, payment.payment_intent
      const out: Obj = { ...ip };
      if (expand.includes('invoice') && store.invoices.has(String(ip.invoice))) out.invoice = clone(store.invoices.get(String(ip.invoice)));
      const pay = ip.payment as Obj;
      if (expand.includes('payment.payment_intent') && pay.payment_intent) out.payment = { ...pay, payment_intent: clone(store.paymentIntents.get(String(pay.payment_intent)) || pay.payment_intent) };
      return ok(out);
    }
    default:
      return undefined;
  }
}
