/**
 * Invoices as they are: items of every kind, tax codes per line or a US header tax item, discounts,
 * subtotals, groups and shipping, totalled and posted as NetSuite does (Oracle help: "Invoice",
 * "Items", "Item Groups", "Tax Codes", "Applying Sales Tax or VAT to Discount Items"), and the
 * credit memo a transform makes from such an invoice ("Creating Credit Memos").
 */
import * as record from 'N/record';
import * as search from 'N/search';
import { createWorld } from '../../emulator/world';
import { setupBooks, setupSales } from '../../emulator/netsuite/books';

function world() {
  const w = createWorld();
  const b = setupBooks(w.account);
  const s = setupSales(w.account);
  const customer = w.account.addCustomer({ companyname: 'Sales Co', currency: String(b.currencies.USD) });
  return { ...w, b, s, customer, books: w.account.books };
}

/** A VAT invoice: 2 widgets less 10%, a group (a widget and a setup fee), a subtotal, a note, an untaxed manual, 5 off the header, 7 shipping. */
function vatInvoice({ b, s, customer, books }: ReturnType<typeof world>): number {
  return books.addInvoice({
    entity: customer, currency: b.currencies.USD,
    lines: [
      { item: s.inventory, quantity: 2, rate: 40, taxcode: s.vat },
      { item: s.percentOff },
      { item: s.group, taxcode: s.vat },
      { item: s.subtotal },
      { item: s.description },
      { item: s.nonInventory, amount: 10 },
    ],
    header: { discountitem: String(s.amountOff), shipmethod: String(s.shipping), shippingcost: 7, shippingtaxcode: String(s.vat) },
  });
}

const revenue = ({ account, books }: ReturnType<typeof world>) => Math.round(account.all('account').filter((a) => a.fields.accttype === 'Income').reduce((sum, a) => sum + books.balance(a.id), 0) * 100) / 100;

test('items: each item type is its own record type, items share one sequence of internal ids, and an Item search gives each its type', () => {
  const w = world();
  const rows = search.create({ type: 'item', filters: [], columns: ['itemid', 'type'] }).run().getRange({ start: 0, end: 100 });
  const typeOf = (id: number) => rows.find((r) => r.id === String(id))?.getValue('type');
  expect([w.s.inventory, w.s.nonInventory, w.s.otherCharge, w.b.item, w.s.percentOff, w.s.subtotal, w.s.description, w.s.group, w.s.vat].map(typeOf))
    .toEqual(['InvtPart', 'NonInvtPart', 'OthCharge', 'Service', 'Discount', 'Subtotal', 'Description', 'Group', 'TaxItem']);
  const ids = rows.map((r) => r.id);
  expect(new Set(ids).size).toBe(ids.length);
  expect(search.lookupFields({ type: 'item', id: w.b.refundItem, columns: ['type', 'itemid'] })).toMatchObject({ type: [{ value: 'NonInvtPart', text: 'Non-inventory Item' }], itemid: 'Stripe Refund' });
});

test('a VAT invoice: line amounts from quantity and rate, a discount line on the line before it, a group expanded, a subtotal; tax per line after the header discount; the totals and the general ledger NetSuite posts', () => {
  const w = world();
  const { account, b, s, customer, books } = w;
  const inv = vatInvoice(w);
  const saved = account.get('invoice', inv);
  expect(saved.sublists.item.map((l) => [l.itemtype, l.amount])).toEqual([
    ['InvtPart', 80], ['Discount', -8], ['Group', ''], ['InvtPart', 40], ['OthCharge', 25], ['EndGroup', 65], ['Subtotal', 137], ['Description', ''], ['NonInvtPart', 10],
  ]);
  // 20% on each taxed line's share after the 5 off (80 -> 15.46, -8 -> -1.55, 40 -> 7.73, 25 -> 4.83) and on shipping (1.40)
  expect(saved.sublists.item.map((l) => l.tax1amt ?? null)).toEqual([15.46, -1.55, null, 7.73, 4.83, null, null, null, null]);
  expect(saved.fields).toMatchObject({ subtotal: 147, discounttotal: -5, shippingcost: 7, taxtotal: 27.87, total: 176.87 });
  expect([books.invoiceDue(inv), books.customerBalance(customer)]).toEqual([176.87, 176.87]);
  expect([books.balance(b.income), books.balance(s.discounts), books.balance(s.shippingIncome), books.balance(s.taxPayable)]).toEqual([-155, 13, -7, -27.87]);
  // three widgets out of stock at their average cost of 15
  expect([books.balance(s.cogs), books.balance(s.inventoryAsset), account.get('inventoryitem', s.inventory).fields.quantityonhand]).toEqual([45, -45, 97]);
});

test('US sales tax: a header tax item on the taxable lines, a discount before tax, taxable shipping; one tax amount on the header', () => {
  const { account, b, s, customer, books } = world();
  const inv = books.addInvoice({
    entity: customer, currency: b.currencies.USD,
    lines: [{ item: s.inventory, istaxable: true }, { item: s.otherCharge, istaxable: false }, { item: b.item, amount: 90, istaxable: true }],
    header: { taxitem: String(s.salesTax), discountitem: String(s.amountOff), shipmethod: String(s.shipping), shippingcost: 10 },
  });
  // taxable: (40 + 90) less their share of the 5 off, plus the 10 shipping, at 8.25%
  expect(account.get('invoice', inv).fields).toMatchObject({ subtotal: 155, discounttotal: -5, taxtotal: 11.2, total: 171.2, taxrate: '8.25%' });
  expect([books.balance(s.taxPayable), books.customerBalance(customer)]).toEqual([-11.2, 171.2]);
});

test('refused as NetSuite refuses: header tax with line tax codes, a discount with no line before it, shipping with no shipping item, an item not for sale, an unknown tax code', () => {
  const { account, b, s, customer, books } = world();
  const invoice = (lines: Array<Record<string, unknown>>, header: Record<string, unknown> = {}) => () => books.addInvoice({ entity: customer, currency: b.currencies.USD, lines: lines as never, header });
  expect(invoice([{ item: b.item, amount: 10, taxcode: s.vat }], { taxitem: String(s.salesTax) })).toThrow(expect.objectContaining({ name: 'INVALID_FLD_VALUE' }));
  expect(invoice([{ item: s.percentOff }, { item: b.item, amount: 10 }])).toThrow(/no line before it/);
  expect(invoice([{ item: b.item, amount: 10 }], { shippingcost: 5 })).toThrow(/Ship Via/);
  const bought = account.write('noninventoryitem', { itemid: 'Office chairs', subtype: 'Purchase', expenseaccount: String(b.fees) }).id;
  expect(invoice([{ item: bought, amount: 10 }])).toThrow(/cannot be sold/);
  expect(invoice([{ item: b.item, amount: 10, taxcode: 999999 }])).toThrow(expect.objectContaining({ name: 'INVALID_KEY_OR_REF' }));
  expect(account.all('invoice')).toHaveLength(0);
});

test('a credit memo transformed from the invoice carries its lines (quantities, tax codes, the group as expanded), header discount, shipping and createdfrom; saved as it comes, it posts the exact reverse and puts the stock back', () => {
  const w = world();
  const { account, b, s, customer, books } = w;
  const inv = vatInvoice(w);
  const cm = record.transform({ fromType: 'invoice', fromId: inv, toType: 'creditmemo' });
  const lines = Array.from({ length: cm.getLineCount({ sublistId: 'item' }) }, (_, line) => ['item', 'quantity', 'taxcode'].map((fieldId) => cm.getSublistValue({ sublistId: 'item', fieldId, line })));
  expect(lines[0]).toEqual([String(s.inventory), 2, String(s.vat)]);
  expect(lines).toHaveLength(9);
  expect(['createdfrom', 'discountitem', 'shipmethod', 'shippingcost', 'shippingtaxcode'].map((fieldId) => cm.getValue({ fieldId }))).toEqual([String(inv), String(s.amountOff), String(s.shipping), 7, String(s.vat)]);
  const cmId = cm.save();
  expect(account.get('creditmemo', cmId).fields).toMatchObject({ subtotal: 147, discounttotal: -5, taxtotal: 27.87, total: 176.87 });
  expect([books.invoiceDue(inv), books.customerBalance(customer), revenue(w), books.balance(s.taxPayable), books.balance(s.cogs), books.balance(s.inventoryAsset)]).toEqual([0, 0, 0, 0, 0, 0]);
  expect(account.get('inventoryitem', s.inventory).fields.quantityonhand).toBe(100);
  expect(books.balance(b.receivables)).toBe(0);
});

test('US sales tax with a discount that is not pre-tax: tax on the undiscounted taxable lines; an invoice edited moves only the stock it changed', () => {
  const { account, b, s, customer, books } = world();
  const inv = books.addInvoice({
    entity: customer, currency: b.currencies.USD,
    lines: [{ item: s.inventory, quantity: 2, istaxable: true }, { item: b.item, amount: 20, istaxable: false }],
    header: { taxitem: String(s.salesTax), discountitem: String(s.percentOff) },
  });
  // 10% off 100 comes after tax: 8.25% of the 80 taxable
  expect(account.get('invoice', inv).fields).toMatchObject({ subtotal: 100, discounttotal: -10, taxtotal: 6.6, total: 96.6 });
  expect(account.get('inventoryitem', s.inventory).fields.quantityonhand).toBe(98);
  const edit = record.load({ type: 'invoice', id: inv });
  edit.setSublistValue({ sublistId: 'item', fieldId: 'quantity', line: 0, value: 5 });
  edit.setSublistValue({ sublistId: 'item', fieldId: 'amount', line: 0, value: 200 });
  edit.save();
  expect(account.get('invoice', inv).fields).toMatchObject({ subtotal: 220, discounttotal: -22, taxtotal: 16.5, total: 214.5 });
  expect([account.get('inventoryitem', s.inventory).fields.quantityonhand, books.balance(s.cogs), books.customerBalance(customer)]).toEqual([95, 75, 214.5]);
});
