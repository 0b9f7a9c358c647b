/**
 * Issue 41, item 5: the Pay by card link already on an invoice stays in every context. An inline
 * edit or another script's submitFields (a user event of type xedit, carrying only the fields it
 * changed) never replaces the emailed link, also where the config names no subsidiary.
 */
import { runSubmit, UserInfo } from '../../emulator/netsuite';
import { compiled } from '../compiled';
import { CONFIG, RECORD, SCRIPT, TRANSACTION } from '../../src/core/ids';
import { bookCustomer, booksWorld, BooksWorld, turnPostingOn } from '../books/setup';

let w: BooksWorld;
beforeEach(() => {
  w = booksWorld();
  turnPostingOn(w, w.account.now(), { [CONFIG.paySuccessUrl]: 'https://example.com/paid', [CONFIG.payCancelUrl]: 'https://example.com/invoices' });
});

const save = (type: 'create' | 'edit' | 'xedit', values: Record<string, unknown>, id?: number, user?: UserInfo) => runSubmit(compiled('pp_ue_invoice'), { scriptId: SCRIPT.ueInvoice.scriptId, user }, {
  type, recordType: 'invoice', id, values, ...(type === 'create' ? { sublists: { item: [{ item: String(w.books.item), amount: 50 }] } } : {}),
});
const linkOf = (id: number) => String(w.account.get('invoice', id).fields[TRANSACTION.payUrl] || '');

test.each([
  ['a config that names its subsidiary', false],
  ['a config that names no subsidiary (an account without OneWorld)', true],
])('%s: an inline edit and a full edit keep the emailed link', (_name, noSubsidiaries) => {
  if (noSubsidiaries) {
    w.account.write(RECORD.config, { [CONFIG.subsidiaries]: [] }, { id: w.parentConfig });
    w.account.write(RECORD.config, { isinactive: true }, { id: w.europeConfig });
    w.account.caches.clear();
  }
  const ann = bookCustomer(w, 'Ann Co');
  const id = save('create', { entity: String(ann.customerId), currency: String(w.books.currencies.USD), subsidiary: String(w.parent), tranid: 'INV1' }).id;
  const emailed = linkOf(id);
  expect(emailed).toMatch(/token=/);
  expect(save('xedit', { memo: 'called the customer' }, id).afterSubmitError).toBeUndefined();
  expect(linkOf(id)).toBe(emailed);
  save('edit', { memo: 'and again' }, id);
  expect(linkOf(id)).toBe(emailed);
});

test('an inline edit of an invoice with no link yet (blanked to revoke it) gives it a new one', () => {
  const ann = bookCustomer(w, 'Ann Co');
  const id = save('create', { entity: String(ann.customerId), currency: String(w.books.currencies.USD), subsidiary: String(w.parent), tranid: 'INV2' }).id;
  w.account.write('invoice', { [TRANSACTION.payUrl]: '' }, { id });
  save('xedit', { memo: 'x' }, id);
  expect(linkOf(id)).toMatch(/token=/);
});

test('an Accountant\'s inline edit (the role edits the link but may not search it): the link stays, the save shows no error', () => {
  const accountant: UserInfo = { ...w.account.user, id: 7, name: 'Ann Accountant', role: 'accountant', roleId: '1007', permissions: { TRAN_CUSTINVC: 3, LIST_CUSTJOB: 3 } };
  const ann = bookCustomer(w, 'Ann Co');
  const id = save('create', { entity: String(ann.customerId), currency: String(w.books.currencies.USD), subsidiary: String(w.parent), tranid: 'INV3' }).id;
  const emailed = linkOf(id);
  expect(save('xedit', { memo: 'x' }, id, accountant).afterSubmitError).toBeUndefined();
  expect(linkOf(id)).toBe(emailed);
});
