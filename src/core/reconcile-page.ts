/**
 * The PayPack Reconciliation page (HTML) and the same breakdown as plain text (what the sandbox
 * prints). Pure: everything read from NetSuite arrives in the model; every value is escaped, since
 * names, memos and notes are typed by people.
 */
import { DetailLine, PayoutDetail, PayoutSummary, TieOut } from './reconcile';
import { escapeHtml } from './text';

export const PAGE_TITLE = 'PayPack Reconciliation';

const e = (x: unknown) => escapeHtml(String(x ?? ''));
const amount = (x: number) => (Math.round(x * 100) / 100).toFixed(2);
const link = (url: string, text: string) => (url ? `<a href="${e(url)}">${e(text)}</a>` : e(text));

const STYLE = 'body{font-family:Arial,Helvetica,sans-serif;font-size:13px;margin:16px}table{border-collapse:collapse;margin:8px 0 16px}'
  + 'th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}td.n,th.n{text-align:right}'
  + '.ties{color:#0a6b0a;font-weight:bold}.off{color:#b00020;font-weight:bold}';

function page(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${e(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

function depositLinks(p: PayoutSummary): string {
  return p.deposits.length ? p.deposits.map((d) => link(d.url, `Deposit ${d.id}`)).join(', ') : 'none';
}

/** The list: payouts by arrival date, newest first, each with its deposits and their clearing lines with the reason of each. */
export function renderPayoutList(payouts: PayoutSummary[], note: string): string {
  const rows = payouts.map((p) => `<tr data-payout="${e(p.payoutId)}"><td>${e(p.arrival)}</td><td>${link(p.pageUrl, p.payoutId)}</td>`
    + `<td class="n">${e(amount(p.amount))}</td><td>${e(p.currency.toUpperCase())}</td><td>${e(p.status)}</td><td>${depositLinks(p)}</td>`
    + `<td>${p.clearing.length ? `<ul class="clearing">${p.clearing.map((c) => `<li>${e(amount(c.amount))}: ${e(c.memo)}</li>`).join('')}</ul>` : 'none'}</td><td>${e(p.posting)}</td></tr>`).join('');
  const table = payouts.length
    ? `<table id="payouts"><thead><tr><th>Arrival</th><th>Payout</th><th class="n">Amount</th><th>Currency</th><th>Status</th><th>Deposits</th><th>Clearing lines (why)</th><th>Posting</th></tr></thead><tbody>${rows}</tbody></table>`
    : '<p id="payouts">No Stripe payouts are recorded yet: PayPack records them from Stripe\'s payout.paid events and the PayPack Payments Import job.</p>';
  return page(PAGE_TITLE, `<h1>${e(PAGE_TITLE)}</h1><p>Stripe payouts by arrival date, newest first. Open a payout to see each line of its deposit and whether it ties out to the bank line.</p>${note ? `<p>${e(note)}</p>` : ''}${table}`);
}

function tieText(t: TieOut): string {
  const code = t.currency.toUpperCase();
  const sum = `payments ${amount(t.payments)} − refunds ${amount(t.refunds)} − fees ${amount(t.fees)} ${t.clearing < 0 ? '−' : '+'} clearing ${amount(Math.abs(t.clearing))} = ${amount(t.lines)} ${code}; deposit ${amount(t.deposits)} ${code}; bank line ${amount(t.bankLine)} ${code}`;
  return t.ties ? `Ties out: ${sum}.` : `Does not tie out: ${t.problems.join('; ')}. (${sum}.)`;
}

function lineRow(l: DetailLine): string {
  return `<tr><td>${e(l.kind)}</td><td>${link(l.transactionUrl, l.transactionId)}</td><td>${e(l.customer)}</td><td>${e(l.stripeId)}</td><td>${e(l.chargeId)}</td>`
    + `<td class="n">${e(amount(l.amount))}</td><td>${e(l.applied)}</td><td class="n">${l.unapplied ? e(amount(l.unapplied)) : ''}</td></tr>`;
}

/** One payout: each line of its deposit(s), the fee line and its account, the clearing lines with their reasons, and the tie-out. */
export function renderPayoutDetail(d: PayoutDetail, listUrl: string): string {
  const p = d.payout;
  const code = p.currency.toUpperCase();
  const head = `<h1>${e(PAGE_TITLE)}: payout ${e(p.payoutId)}</h1><p>${link(listUrl, 'All payouts')}</p>`
    + `<table id="payout"><tbody><tr><th>Payout</th><td>${link(p.url, p.payoutId)}</td></tr><tr><th>Arrival</th><td>${e(p.arrival)}</td></tr>`
    + `<tr><th>Amount (bank line)</th><td id="bank-line">${e(amount(p.amount))} ${e(code)}</td></tr><tr><th>Status</th><td>${e(p.status)}</td></tr>`
    + `<tr><th>Deposits</th><td>${d.deposits.length ? d.deposits.map((x) => `${link(x.url, `Deposit ${x.id}`)} (${e(amount(x.total))} ${e(code)})`).join(', ') : 'none'}</td></tr>`
    + `<tr><th>Posting</th><td>${e(p.posting)}</td></tr></tbody></table>`;
  const tie = `<p id="tieout" class="${d.tie.ties ? 'ties' : 'off'}">${e(tieText(d.tie))}</p>`;
  const lines = d.lines.length
    ? `<table id="lines"><thead><tr><th>Line</th><th>Transaction</th><th>Customer</th><th>Stripe</th><th>Charge</th><th class="n">Amount</th><th>Applied to</th><th class="n">Unapplied</th></tr></thead><tbody>${d.lines.map(lineRow).join('')}</tbody></table>`
    : '<p id="lines">No payments or refunds on the deposit.</p>';
  const money = (id: string, rows: PayoutDetail['fees'], none: string) => (rows.length
    ? `<table id="${id}"><thead><tr><th>Account</th><th class="n">Amount</th><th>Memo</th></tr></thead><tbody>${rows.map((m) => `<tr><td>${e(m.accountName)}</td><td class="n">${e(amount(m.amount))}</td><td>${e(m.memo)}</td></tr>`).join('')}</tbody></table>`
    : `<p id="${id}">${e(none)}</p>`);
  return page(`${PAGE_TITLE}: ${p.payoutId}`, `${head}${tie}<h2>Payments and refunds</h2>${lines}<h2>Stripe fees</h2>${money('fees', d.fees, 'No fee line.')}`
    + `<h2>Clearing lines</h2>${money('clearing', d.clearing, 'No clearing lines: every Stripe item of the payout has its NetSuite transaction.')}`);
}

/** The same breakdown as text, for a terminal. */
export function payoutBreakdownText(d: PayoutDetail): string {
  const p = d.payout;
  const code = p.currency.toUpperCase();
  const out = [`Payout ${p.payoutId}: ${amount(p.amount)} ${code} ${p.status}, arrival ${p.arrival}; deposit${d.deposits.length === 1 ? '' : 's'} ${d.deposits.map((x) => `${x.id} (${amount(x.total)} ${code})`).join(', ') || 'none'}`];
  for (const l of d.lines) {
    const credit = l.unapplied ? `${l.applied === 'unapplied' ? '' : ', '}${amount(l.unapplied)} ${code} stays the customer's credit` : '';
    out.push(`  ${l.kind.padEnd(11)} ${amount(l.amount).padStart(10)} ${code}  ${l.customer} · ${l.stripeId}${l.chargeId && l.chargeId !== l.stripeId ? ` (charge ${l.chargeId})` : ''} · ${l.applied === 'unapplied' ? 'unapplied: ' : l.applied}${credit} · transaction ${l.transactionId}`);
  }
  for (const f of d.fees) out.push(`  fees        ${amount(f.amount).padStart(10)} ${code}  to ${f.accountName} (the fee account)`);
  for (const c of d.clearing) out.push(`  clearing    ${amount(c.amount).padStart(10)} ${code}  to ${c.accountName}: ${c.memo}`);
  if (!d.clearing.length) out.push('  clearing lines: none');
  out.push(`  ${tieText(d.tie)}`);
  return out.join('\n');
}

/** A page that says one thing (no such payout, a bad parameter), with the way back to the list. */
export function renderMessage(message: string, listUrl: string): string {
  return page(PAGE_TITLE, `<h1>${e(PAGE_TITLE)}</h1><p id="message">${e(message)}</p><p>${link(listUrl, 'All payouts')}</p>`);
}
