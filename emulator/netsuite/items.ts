/**
 * Items, and the item lines of a sale (an invoice, or a credit memo made from one), as NetSuite
 * computes them: each line's amount, discount lines on the line before them, subtotal lines, item
 * groups expanded into their members, the header discount, shipping, tax (per-line tax codes, or a
 * US header tax item on the taxable lines) and the totals; and what the sale posts: revenue per
 * item's income account, discounts, shipping income, tax to each tax code's account, and cost of
 * goods sold out of stock for inventory items. Amounts are in the transaction's currency.
 */
import { nsError } from './errors';
import type { RecordStore, StoredRecord, Values } from './store';

/** Item record types, and the `type` an Item search gives each (Records Browser: item type ids). */
export const ITEM_SEARCH_TYPE: Record<string, string> = {
  inventoryitem: 'InvtPart', noninventoryitem: 'NonInvtPart', serviceitem: 'Service', otherchargeitem: 'OthCharge',
  discountitem: 'Discount', subtotalitem: 'Subtotal', descriptionitem: 'Description', itemgroup: 'Group', salestaxitem: 'TaxItem',
};

/** What an Item search's `type` column shows for each. */
export const ITEM_TYPE_TEXT: Record<string, string> = {
  InvtPart: 'Inventory Item', NonInvtPart: 'Non-inventory Item', Service: 'Service', OthCharge: 'Other Charge', Discount: 'Discount',
  Subtotal: 'Subtotal', Description: 'Description', Group: 'Item Group', TaxItem: 'Sales Tax Item',
};

/** Items are one record group: one sequence of internal ids, and an Item search reads them all. */
export function isItem(type: string): boolean {
  return type in ITEM_SEARCH_TYPE;
}

/** The item of an internal id, whatever its type. */
export function findItem(store: Pick<RecordStore, 'find'>, id: unknown): StoredRecord | undefined {
  for (const type of Object.keys(ITEM_SEARCH_TYPE)) {
    const rec = store.find(type, String(id));
    if (rec) return rec;
  }
  return undefined;
}

/** A sale's general ledger as credits by account (a debit is a negative credit), and its stock moves. */
export interface SalePosting {
  /** Body fields NetSuite computes: subtotal, discounttotal, shippingcost, taxtotal, total. */
  totals: { subtotal: number; discounttotal: number; shippingcost: number; taxtotal: number; total: number };
  /** The item lines as saved: groups expanded, each line's amount, tax rate and tax amount filled. */
  lines: Values[];
  /** Account -> credit (income, tax, shipping; discounts negative), for an invoice. */
  credits: Map<string, number>;
  /** Inventory items sold: quantity out of stock and its cost (debit COGS, credit the asset account). */
  stock: Array<{ item: string; quantity: number; cost: number; cogsAccount: string; assetAccount: string }>;
}

function round(x: number): number { return Math.round(x * 100) / 100; }
function num(v: unknown): number { const n = Number(v); return Number.isFinite(n) ? n : 0; }
function truthy(v: unknown): boolean { return v === true || v === 'T'; }
function given(v: unknown): boolean { return v !== undefined && v !== null && v !== ''; }

/** A rate as NetSuite keeps it: '8.25%' is a percent, '5.00' an amount. */
export function parseRate(rate: unknown): { percent: boolean; value: number } {
  const text = String(rate ?? '').trim();
  if (text.endsWith('%')) return { percent: true, value: num(text.slice(0, -1)) / 100 };
  return { percent: false, value: num(text) };
}

/** A tax code's rate as a fraction (its `rate` is a percent: '20%' or 20). */
function taxRateOf(code: StoredRecord): number {
  const text = String(code.fields.rate ?? '').trim();
  return num(text.endsWith('%') ? text.slice(0, -1) : text) / 100;
}

const SALE_KINDS = new Set(['inventoryitem', 'noninventoryitem', 'serviceitem', 'otherchargeitem']);

export class Items {
  constructor(private readonly acct: RecordStore) {}

  private item(id: unknown, what = 'item'): StoredRecord {
    const rec = findItem(this.acct, id);
    if (!rec || truthy(rec.fields.isinactive)) throw nsError('INVALID_KEY_OR_REF', `Invalid ${what} reference key ${String(id)}.`);
    return rec;
  }

  private taxCode(id: unknown): StoredRecord {
    const rec = this.acct.find('salestaxitem', String(id));
    if (!rec || truthy(rec.fields.isinactive)) throw nsError('INVALID_KEY_OR_REF', `Invalid taxcode reference key ${String(id)}.`);
    return rec;
  }

  private account(id: unknown, what: string, item: StoredRecord): string {
    const account = String(id ?? '');
    if (!account || !this.acct.find('account', account)) {
      throw nsError('INVALID_KEY_OR_REF', `Item ${String(item.fields.itemid ?? item.id)} has no valid ${what}: NetSuite cannot post it.`);
    }
    return account;
  }

  /**
   * An item group line becomes the group line, one line per member (quantity times the group's, at
   * the member's rate) and an end-of-group line whose amount is the members' (Oracle help: Item
   * Groups). Lines already expanded (a transformed or reloaded transaction) stay as they are.
   */
  private expand(lines: Values[]): Values[] {
    const out: Values[] = [];
    for (const l of lines) {
      // group and end-of-group lines, and a group's members, are kept as expanded; any other line's type is its item's
      if (l.itemtype === 'Group' || l.itemtype === 'EndGroup' || truthy(l.ingroup)) { out.push({ ...l }); continue; }
      const rec = this.item(l.item);
      if (rec.type !== 'itemgroup') { out.push({ ...l, itemtype: ITEM_SEARCH_TYPE[rec.type] }); continue; }
      const times = given(l.quantity) ? num(l.quantity) : 1;
      out.push({ item: String(rec.id), itemtype: 'Group', quantity: times, description: l.description ?? rec.fields.description ?? '' });
      const members = rec.sublists.member || [];
      if (!members.length) throw nsError('USER_ERROR', `Item group ${String(rec.fields.itemid ?? rec.id)} has no members.`);
      for (const m of members) {
        const member = this.item(m.item);
        if (member.type === 'itemgroup') throw nsError('INVALID_FLD_VALUE', 'An item group cannot be a member of an item group.');
        out.push({ item: String(member.id), itemtype: ITEM_SEARCH_TYPE[member.type], quantity: num(m.quantity || 1) * times, ingroup: true, ...(given(l.taxcode) ? { taxcode: l.taxcode } : {}), ...(given(l.istaxable) ? { istaxable: l.istaxable } : {}) });
      }
      out.push({ item: '0', itemtype: 'EndGroup' });
    }
    return out;
  }

  /**
   * The lines, totals and posting of an invoice (or of a credit memo, which posts the same the other
   * way round). Throws as NetSuite refuses: an unknown item, tax code or account, a discount with no
   * line before it, header tax and line tax codes together, shipping with no shipping item.
   */
  sale(fields: Values, itemLines: Values[]): SalePosting {
    const lines = this.expand(itemLines);
    if (!lines.length) throw nsError('USER_ERROR', 'You must enter at least one line item for this transaction.');
    const headerTax = given(fields.taxitem) ? this.taxCode(fields.taxitem) : undefined;
    const headerRate = headerTax ? (given(fields.taxrate) ? parseRate(String(fields.taxrate).includes('%') ? fields.taxrate : `${String(fields.taxrate)}%`).value : taxRateOf(headerTax)) : 0;
    if (headerTax && lines.some((l) => given(l.taxcode))) {
      throw nsError('INVALID_FLD_VALUE', 'A transaction is taxed by a header tax item (taxitem, US sales tax) or by a tax code on each line, never both.');
    }
    const credits = new Map<string, number>();
    const credit = (account: string, amount: number) => credits.set(account, round((credits.get(account) ?? 0) + amount));
    const stock: SalePosting['stock'] = [];
    // the lines that carry money, in order: what a discount line and a subtotal line look back at
    const priced: Array<{ line: Values; amount: number; rate: number; taxed: boolean; group: boolean }> = [];
    let sinceSubtotal = 0;
    let groupSum = 0;
    let inGroup = false;
    let previous: { line: Values; amount: number; rate: number; taxed: boolean } | undefined;
    for (const l of lines) {
      const type = String(l.itemtype);
      if (type === 'Group') { inGroup = true; groupSum = 0; l.amount = ''; continue; }
      if (type === 'EndGroup') { inGroup = false; l.amount = round(groupSum); previous = { line: l, amount: round(groupSum), rate: 0, taxed: false }; continue; }
      const rec = this.item(l.item);
      if (type === 'Description') { l.amount = ''; continue; }
      if (type === 'Subtotal') {
        l.amount = round(sinceSubtotal);
        previous = { line: l, amount: round(sinceSubtotal), rate: 0, taxed: false };
        sinceSubtotal = 0;
        continue;
      }
      let amount: number;
      if (type === 'Discount') {
        if (!previous) throw nsError('USER_ERROR', `Discount item ${String(rec.fields.itemid ?? rec.id)} has no line before it to discount.`);
        const r = parseRate(given(l.rate) ? l.rate : rec.fields.rate);
        amount = given(l.amount) ? round(num(l.amount)) : round(-Math.abs(r.percent ? previous.amount * r.value : r.value));
        if (!r.percent && !given(l.amount)) l.rate = String(rec.fields.rate ?? '');
        credit(this.account(rec.fields.account, 'discount account', rec), amount);
      } else {
        if (!SALE_KINDS.has(rec.type) || (rec.type === 'noninventoryitem' && rec.fields.subtype === 'Purchase')) {
          throw nsError('INVALID_FLD_VALUE', `Item ${String(rec.fields.itemid ?? rec.id)} (${rec.type}) cannot be sold on this transaction.`);
        }
        const quantity = given(l.quantity) ? num(l.quantity) : 1;
        l.quantity = quantity;
        amount = given(l.amount) ? round(num(l.amount)) : round(quantity * num(given(l.rate) ? l.rate : rec.fields.rate));
        credit(this.account(rec.fields.incomeaccount, 'income account', rec), amount);
        if (rec.type === 'inventoryitem') {
          stock.push({ item: String(rec.id), quantity, cost: round(quantity * num(rec.fields.averagecost)), cogsAccount: this.account(rec.fields.cogsaccount, 'COGS account', rec), assetAccount: this.account(rec.fields.assetaccount, 'asset account', rec) });
        }
      }
      l.amount = amount;
      // a discount line is taxed as the line it discounts, unless given its own tax code
      let rate = 0;
      let taxed = false;
      if (headerTax) {
        taxed = given(l.istaxable) ? truthy(l.istaxable) : type === 'Discount' ? !!previous?.taxed : false;
        l.istaxable = taxed;
        rate = taxed ? headerRate : 0;
      } else {
        if (!given(l.taxcode) && type === 'Discount' && previous?.line.taxcode) l.taxcode = previous.line.taxcode;
        if (given(l.taxcode)) { rate = taxRateOf(this.taxCode(l.taxcode)); taxed = true; l.taxrate1 = `${round(rate * 100 * 100) / 100}%`; }
      }
      const entry = { line: l, amount, rate, taxed, group: inGroup };
      priced.push(entry);
      previous = entry;
      sinceSubtotal += amount;
      if (inGroup) groupSum += amount;
    }
    const subtotal = round(priced.reduce((s, p) => s + p.amount, 0));

    // the header discount: a percent of the subtotal or an amount, taken off the total
    let discounttotal = 0;
    let pretax = true;
    if (given(fields.discountitem)) {
      const d = this.item(fields.discountitem, 'discountitem');
      if (d.type !== 'discountitem') throw nsError('INVALID_FLD_VALUE', `Item ${String(d.fields.itemid ?? d.id)} is not a discount item.`);
      const r = parseRate(given(fields.discountrate) ? fields.discountrate : d.fields.rate);
      discounttotal = round(-Math.abs(r.percent ? subtotal * r.value : r.value));
      credit(this.account(d.fields.account, 'discount account', d), discounttotal);
      // US sales tax: the discount item says whether it comes off before tax; VAT always is
      pretax = headerTax ? truthy(d.fields.ispretax) : true;
    }

    // shipping: its cost to the shipping item's account, taxed by its own tax code (or, US, if the item is taxable)
    const shippingcost = round(num(fields.shippingcost));
    let shippingTax = 0;
    if (shippingcost) {
      if (!given(fields.shipmethod)) throw nsError('USER_ERROR', 'Please enter value(s) for: Ship Via (a shipping cost needs a shipping item).');
      const ship = this.acct.find('shipitem', String(fields.shipmethod));
      if (!ship) throw nsError('INVALID_KEY_OR_REF', `Invalid shipmethod reference key ${String(fields.shipmethod)}.`);
      credit(this.account(ship.fields.account, 'shipping income account', ship), shippingcost);
      if (headerTax && truthy(ship.fields.istaxable)) shippingTax = shippingcost * headerRate;
      else if (!headerTax && given(fields.shippingtaxcode)) {
        const code = this.taxCode(fields.shippingtaxcode);
        const t = round(shippingcost * taxRateOf(code));
        credit(this.account(code.fields.taxaccount, 'tax account', code), t);
        shippingTax = t;
      }
    }

    // tax: per line on each tax code (after the line's share of the header discount), or once on the taxable total (US)
    let taxtotal = 0;
    const share = subtotal && pretax ? discounttotal / subtotal : 0;
    if (headerTax) {
      const base = priced.filter((p) => p.taxed).reduce((s, p) => s + p.amount * (1 + share), 0);
      taxtotal = round(base * headerRate + shippingTax);
      if (taxtotal) credit(this.account(headerTax.fields.taxaccount, 'tax account', headerTax), taxtotal);
      fields.taxrate = `${round(headerRate * 100 * 100) / 100}%`;
    } else {
      for (const p of priced) {
        if (!p.taxed) continue;
        const t = round(p.amount * (1 + share) * p.rate);
        p.line.tax1amt = t;
        const code = this.taxCode(p.line.taxcode);
        if (t) credit(this.account(code.fields.taxaccount, 'tax account', code), t);
        taxtotal += t;
      }
      taxtotal = round(taxtotal + shippingTax);
    }
    const total = round(subtotal + discounttotal + shippingcost + taxtotal);
    return { totals: { subtotal, discounttotal, shippingcost, taxtotal, total }, lines, credits, stock };
  }
}
