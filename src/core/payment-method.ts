/** The Stripe default payment method of a customer, and the one-line summary NetSuite shows. */
import type Stripe from 'stripe';

export interface DefaultPaymentMethod {
  id: string;
  summary: string;
}

// Stripe's lower-case brand codes, and legacy sources' "MasterCard", written out; any other name
// ("visa", "Diners Club") only needs its first letter in capitals
const BRANDS: Record<string, string> = {
  mastercard: 'Mastercard', amex: 'American Express', diners: 'Diners Club', jcb: 'JCB', unionpay: 'UnionPay',
  cartes_bancaires: 'Cartes Bancaires', eftpos_au: 'eftpos',
};

function brand(name: string | undefined): string {
  if (!name) return 'Card';
  return BRANDS[name.toLowerCase()] || name.charAt(0).toUpperCase() + name.slice(1);
}

function expiry(month?: number, year?: number): string {
  return month && year ? ` (exp ${String(month).padStart(2, '0')}/${year})` : '';
}

/** `Visa •••• 4242 (exp 08/2027)`, `US bank account •••• 6789 (Chase)`, `SEPA Direct Debit •••• 3000`, `Link (a@b.c)`, else the type name. */
export function summarizePaymentMethod(pm: Pick<Stripe.PaymentMethod, 'type' | 'card' | 'us_bank_account' | 'sepa_debit' | 'link'>): string {
  switch (pm.type) {
    case 'card':
      return pm.card ? `${brand(pm.card.brand)} •••• ${pm.card.last4}${expiry(pm.card.exp_month, pm.card.exp_year)}` : 'Card';
    case 'us_bank_account': {
      const b = pm.us_bank_account;
      return `US bank account${b?.last4 ? ` •••• ${b.last4}` : ''}${b?.bank_name ? ` (${b.bank_name})` : ''}`;
    }
    case 'sepa_debit':
      return `SEPA Direct Debit${pm.sepa_debit?.last4 ? ` •••• ${pm.sepa_debit.last4}` : ''}`;
    case 'link':
      return `Link${pm.link?.email ? ` (${pm.link.email})` : ''}`;
    default:
      return pm.type;
  }
}

function summarizeSource(src: Stripe.CustomerSource): string {
  if (src.object === 'card') return `${brand(src.brand)} •••• ${src.last4}${expiry(src.exp_month, src.exp_year)}`;
  if (src.object === 'bank_account') return `Bank account${src.last4 ? ` •••• ${src.last4}` : ''}${src.bank_name ? ` (${src.bank_name})` : ''}`;
  return src.object;
}

/**
 * The default: invoice_settings.default_payment_method, else the legacy default_source, else none.
 * The customer must come with both expanded (retrieve with expand[]).
 */
export function defaultPaymentMethod(customer: Stripe.Customer): DefaultPaymentMethod | null {
  const pm = customer.invoice_settings?.default_payment_method;
  if (pm && typeof pm === 'object') return { id: pm.id, summary: summarizePaymentMethod(pm) };
  const src = customer.default_source;
  if (src && typeof src === 'object') return { id: src.id, summary: summarizeSource(src) };
  return null;
}

export const DEFAULT_PM_EXPAND = ['invoice_settings.default_payment_method', 'default_source'];

/** The default's id as the customer object names it, expanded or not. */
export function defaultPaymentMethodId(customer: Pick<Stripe.Customer, 'invoice_settings' | 'default_source'>): string {
  const pm = customer.invoice_settings?.default_payment_method;
  if (pm) return typeof pm === 'string' ? pm : pm.id;
  const src = customer.default_source;
  if (src) return typeof src === 'string' ? src : src.id;
  return '';
}
