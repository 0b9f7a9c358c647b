import { ITEM_SEARCH_TYPE, ITEM_TYPE_TEXT } from './items';
import { ColumnSpec, FilterExpression, FilterSpec, isTransaction, SearchSource, StoredRecord, TRANSACTION_SEARCH_TYPE } from './store';

export type { ColumnSpec, FilterExpression, FilterSpec, SavedSearchDef } from './store';
import { parseDateText, wallTime } from './dates';
import { nsError } from './errors';
import { ADDRESS_COLUMNS, isCustomFieldId, SEARCH_ALIASES, SEARCH_COLUMNS, searchTypeOf } from './standard-fields';


/** A joined record reachable from a row. */
interface Row {
  base: StoredRecord;
  joined: Record<string, StoredRecord | undefined>;
  /** A transaction's line (a general ledger line after its main line), when the search asks for lines (`mainline` F). */
  line?: Record<string, unknown>;
}

/** What a line row answers itself; every other column is the transaction's (body fields). */
const LINE_COLUMNS: Record<string, (line: Record<string, unknown>) => unknown> = {
  mainline: () => false,
  account: (l) => String(l.account ?? ''),
  debitamount: (l) => (Number(l.debit) ? Number(l.debit) : ''),
  creditamount: (l) => (Number(l.credit) ? Number(l.credit) : ''),
  memo: (l) => String(l.memo ?? ''),
  entity: (l) => String(l.entity ?? ''),
};

export function toColumn(c: ColumnSpec | string): ColumnSpec {
  if (typeof c === 'string') {
    const m = /^([^.]+)\.(.+)$/.exec(c);
    return m ? { name: m[2], join: m[1] } : { name: c };
  }
  return { ...c };
}

export function toFilter(f: FilterSpec | unknown[]): FilterSpec {
  if (Array.isArray(f)) {
    const [name, operator, ...values] = f as [string, string, ...unknown[]];
    const m = /^([^.]+)\.(.+)$/.exec(name);
    return m ? { name: m[2], join: m[1], operator, values: values.flat() } : { name, operator, values: values.flat() };
  }
  return { ...f, values: ([] as unknown[]).concat(f.values ?? []) };
}

/**
 * One-to-many joins NetSuite offers on a type (join id -> how to find the joined records).
 * `msesubsidiary` on customer yields one row per subsidiary the customer belongs to.
 */
const MANY_JOINS: Record<string, Record<string, { type: string; of: (acct: SearchSource, base: StoredRecord) => StoredRecord[] }>> = {
  customer: {
    msesubsidiary: {
      type: 'subsidiary',
      of: (acct, base) => acct.subsidiaryRelationships(base.id)
        .map((r) => acct.find('subsidiary', String(r.fields.subsidiary)))
        .filter((s): s is StoredRecord => !!s),
    },
  },
};

export class SearchEngine {
  constructor(private readonly acct: SearchSource) {}

  rows(type: string, filters: FilterSpec[] | undefined, expression: FilterExpression | undefined, columns: ColumnSpec[]): Row[] {
    if (type.startsWith('customrecord') && this.acct.recordTypes.size && !this.acct.recordTypes.has(type)) {
      throw nsError('INVALID_RCRD_TYPE', `Record type ${type} does not exist in this account.`);
    }
    this.checkNames(type, columns, filters, expression);
    const manyJoins = new Set<string>();
    const joinsUsed = [
      ...columns.map((c) => c.join),
      ...(filters || []).map((f) => f.join),
      ...this.expressionJoins(expression),
    ].filter((j): j is string => !!j);
    for (const j of joinsUsed) if (MANY_JOINS[type]?.[j.toLowerCase()]) manyJoins.add(j.toLowerCase());

    // a Transaction search reads every transaction type, one row per transaction (main line)
    // a lookup by external id reads only its match (the same rows, found without testing every transaction)
    const byExternalId = type === 'transaction' ? this.requiredExternalId(expression) : undefined;
    const held = byExternalId !== undefined ? this.acct.externalIdHolder('transaction', byExternalId) : undefined;
    // a lookup by internal id (lookupFields) reads only those records: the same rows, without testing every record of the type
    const byIds = byExternalId === undefined && type !== 'transaction' && type !== 'item' ? this.requiredInternalIds(expression) : undefined;
    const bases = byIds !== undefined ? byIds.map((id) => this.acct.find(type, id)).filter((r): r is StoredRecord => !!r && r.type === type).sort((a, b) => Number(a.id) - Number(b.id))
      : byExternalId !== undefined ? (held && held.type in TRANSACTION_SEARCH_TYPE ? [held] : [])
      : type === 'transaction' ? Object.keys(TRANSACTION_SEARCH_TYPE).flatMap((t) => this.acct.all(t))
        // an Item search reads every item type
        : type === 'item' ? Object.keys(ITEM_SEARCH_TYPE).flatMap((t) => this.acct.all(t)) : this.acct.all(type);
    let rows: Row[] = bases.filter((base) => this.acct.visibleToUser(type, base)).map((base) => ({ base, joined: {} }));
    // `mainline` F: one row per line of each transaction (its general ledger lines after the main line)
    if (type === 'transaction' && this.requiresLines(filters, expression)) {
      rows = rows.flatMap((row) => ((row.base.sublists.gl || []) as Array<Record<string, unknown>>).slice(1).map((line) => ({ ...row, line })));
    }
    for (const j of manyJoins) {
      const def = MANY_JOINS[type][j];
      rows = rows.flatMap((row) => {
        const targets = def.of(this.acct, row.base);
        return targets.length ? targets.map((t) => ({ base: row.base, joined: { ...row.joined, [j]: t } })) : [{ ...row, joined: { ...row.joined, [j]: undefined } }];
      });
    }
    rows = rows.filter((row) => (filters || []).every((f) => this.matches(row, toFilter(f))));
    if (expression && expression.length) rows = rows.filter((row) => this.evalExpression(row, expression));
    const sortCols = columns.filter((c) => c.sort && c.sort !== 'NONE');
    rows.sort((a, b) => {
      for (const c of sortCols) {
        const av = this.value(a, c); const bv = this.value(b, c);
        const cmp = compare(av, bv);
        if (cmp) return c.sort === 'DESC' ? -cmp : cmp;
      }
      return a.base.id - b.base.id;
    });
    return rows;
  }

  /**
   * Columns and filters a search of a standard type names must be search fields of that type
   * (Records Browser, Search Columns / Search Filters): NetSuite refuses the search otherwise.
   */
  private checkNames(type: string, columns: ColumnSpec[], filters: FilterSpec[] | undefined, expression: FilterExpression | undefined): void {
    const searchType = searchTypeOf(type, isTransaction(type));
    const known = searchType ? SEARCH_COLUMNS[searchType] : type === 'transaction' ? SEARCH_COLUMNS.transaction : undefined;
    if (!known) return;
    const ok = (name: string) => known.includes(name) || isCustomFieldId(name) || name.startsWith('formula');
    for (const c of columns) {
      if (!c.join && !c.formula && !ok(c.name)) throw nsError('SSS_INVALID_SRCH_COL', `An nlobjSearchColumn contains an invalid column, or is not in proper syntax: ${c.name}.`);
    }
    const terms = [...(filters || []).map((f) => toFilter(f)), ...this.expressionTerms(expression)];
    for (const f of terms) {
      if (!f.join && !f.formula && !ok(f.name)) throw nsError('SSS_INVALID_SRCH_FILTER', `An nlobjSearchFilter contains invalid search criteria: ${f.name}.`);
    }
  }

  private expressionTerms(expr: unknown): FilterSpec[] {
    if (!Array.isArray(expr)) return [];
    if (isTerm(expr)) return [toFilter(expr)];
    return expr.flatMap((e) => this.expressionTerms(e));
  }

  /** The external id an expression of AND-ed terms requires (`externalidstring is X`), if any. */
  /** The internal ids an `internalid anyof` term (alone, or AND-ed at the top of the expression) limits the search to. */
  private requiredInternalIds(expr: FilterExpression | undefined): string[] | undefined {
    if (!Array.isArray(expr) || !expr.length) return undefined;
    const terms = isTerm(expr) ? [expr] : expr;
    if (!isTerm(expr) && expr.some((p) => typeof p === 'string' && p.toUpperCase() !== 'AND')) return undefined;
    for (const p of terms) {
      if (Array.isArray(p) && isTerm(p)) {
        const f = toFilter(p);
        if (f.name === 'internalid' && f.operator.toLowerCase() === 'anyof' && !f.join) return [...new Set(f.values.map(String))];
      }
    }
    return undefined;
  }

  private requiredExternalId(expr: FilterExpression | undefined): string | undefined {
    if (!Array.isArray(expr) || !expr.length || isTerm(expr)) return undefined;
    if (expr.some((p) => typeof p === 'string' && p.toUpperCase() !== 'AND')) return undefined;
    for (const p of expr) {
      if (Array.isArray(p) && isTerm(p)) {
        const f = toFilter(p);
        if (f.name === 'externalidstring' && f.operator === 'is' && !f.join) return String(f.values[0] ?? '');
      }
    }
    return undefined;
  }

  /** Does the search ask for line rows: a `mainline is F` filter, or such a term AND-ed at the top of the expression? */
  private requiresLines(filters: FilterSpec[] | undefined, expr: FilterExpression | undefined): boolean {
    const isLineTerm = (f: FilterSpec) => f.name === 'mainline' && !f.join && f.operator.toLowerCase() === 'is' && ['F', 'false'].includes(String(f.values[0]));
    if ((filters || []).some((f) => isLineTerm(toFilter(f)))) return true;
    if (!Array.isArray(expr) || !expr.length) return false;
    if (isTerm(expr)) return isLineTerm(toFilter(expr));
    if (expr.some((p) => typeof p === 'string' && p.toUpperCase() !== 'AND')) return false;
    return expr.some((p) => Array.isArray(p) && isTerm(p) && isLineTerm(toFilter(p)));
  }

  private expressionJoins(expr: unknown): string[] {
    if (!Array.isArray(expr)) return [];
    if (isTerm(expr)) { const f = toFilter(expr); return f.join ? [f.join] : []; }
    return expr.flatMap((e) => this.expressionJoins(e));
  }

  private evalExpression(row: Row, expr: unknown[]): boolean {
    if (isTerm(expr)) return this.matches(row, toFilter(expr));
    let result: boolean | undefined;
    let op: 'AND' | 'OR' = 'AND';
    let negate = false;
    for (const part of expr) {
      if (typeof part === 'string') {
        const u = part.toUpperCase();
        if (u === 'AND' || u === 'OR') op = u;
        else if (u === 'NOT') negate = !negate;
        else throw nsError('SSS_INVALID_SRCH_FILTER_EXPR', `Invalid search filter expression near "${part}".`);
        continue;
      }
      if (!Array.isArray(part)) throw nsError('SSS_INVALID_SRCH_FILTER_EXPR', 'Invalid search filter expression.');
      let v = this.evalExpression(row, part);
      if (negate) { v = !v; negate = false; }
      result = result === undefined ? v : op === 'AND' ? result && v : result || v;
    }
    return result ?? true;
  }

  /** Record a column or filter reads from on this row. */
  private source(row: Row, join?: string): StoredRecord | undefined {
    if (!join) return row.base;
    const key = join.toLowerCase();
    if (key in row.joined) return row.joined[key];
    // many-to-one join through a select field on the base record
    const target = this.acct.selectTarget(row.base.type, join);
    const id = row.base.fields[join];
    if (!target) throw nsError('SSS_INVALID_SRCH_COL', `An nlobjSearchColumn contains an invalid column join ID: ${join}`);
    return id ? this.acct.find(target, String(id)) : undefined;
  }

  /** The stored value behind a column (a Date for dates): what filters and sorting compare. */
  value(row: Row, col: ColumnSpec): unknown {
    if (row.line && !col.join && col.name in LINE_COLUMNS) return LINE_COLUMNS[col.name](row.line);
    const rec = this.source(row, col.join);
    if (!rec) return '';
    if (col.name === 'internalid') return String(rec.id);
    if (col.name === 'recordtype') return rec.type;
    if (isTransaction(rec.type)) {
      // the main line is the only row the double keeps; `type` is the search's code (CustPymt, ...)
      if (col.name === 'mainline') return true;
      if (col.name === 'type') return TRANSACTION_SEARCH_TYPE[rec.type] || rec.type;
      if (col.name === 'externalidstring') return rec.fields.externalid ?? '';
      // Voided: a transaction a user voided (its status), kept with its external id
      if (col.name === 'voided') return rec.fields.status === 'Voided';
      // base-currency amounts and the transaction's own (fx...) as the Transaction search gives them
      const money = this.acct.transactionColumn(rec, col.name);
      if (money !== undefined) return money;
    }
    if (col.name === 'type' && rec.type in ITEM_SEARCH_TYPE) return ITEM_SEARCH_TYPE[rec.type];
    if (col.name === 'isprimarysub' && col.join?.toLowerCase() === 'msesubsidiary') {
      return String(row.base.fields.subsidiary) === String(rec.id);
    }
    if (rec.type === 'customer' && ADDRESS_COLUMNS[col.name]) {
      // a customer's address columns show its default billing (or shipping) address
      const { use, field } = ADDRESS_COLUMNS[col.name];
      const line = (rec.sublists.addressbook || []).find((l) => l[use] === true || l[use] === 'T');
      const address = (line?.addressbookaddress || {}) as Record<string, unknown>;
      return address[field] ?? '';
    }
    const v = rec.fields[STANDARD_DATE_NAMES[col.name] || SEARCH_ALIASES[rec.type]?.[col.name] || col.name];
    return v === undefined || v === null ? '' : v;
  }

  /** What Result.getValue hands the script: dates as text in the user's format and time zone. */
  shown(row: Row, col: ColumnSpec): unknown {
    const v = this.value(row, col);
    if (!(v instanceof Date)) return v;
    return this.acct.dateText(this.source(row, col.join)!.type, col.name, v);
  }

  text(row: Row, col: ColumnSpec): string | null {
    if (row.line && !col.join && col.name === 'account') return this.acct.displayName('account', String(row.line.account ?? ''));
    if (row.line && !col.join && col.name in LINE_COLUMNS) return col.name === 'entity' && row.line.entity ? this.acct.displayName('customer', String(row.line.entity)) : null;
    const rec = this.source(row, col.join);
    if (!rec) return null;
    if (col.name === 'internalid') return null;
    const v = this.value(row, col);
    if (v instanceof Date) return this.acct.dateText(rec.type, col.name, v);
    if (col.name === 'type' && !col.join && rec.type in ITEM_SEARCH_TYPE) return ITEM_TYPE_TEXT[String(v)];
    const field = SEARCH_ALIASES[rec.type]?.[col.name] || col.name;
    const target = this.acct.selectTarget(rec.type, field);
    if (!target && rec.texts[field] === undefined) return null;
    return this.acct.textOf(rec, field);
  }

  private matches(row: Row, f: FilterSpec): boolean {
    if (f.formula) throw nsError('SSS_INVALID_SRCH_FILTER', 'Formula filters are not modelled by the account double.');
    const v = this.value(row, { name: f.name, join: f.join });
    const op = f.operator.toLowerCase();
    let vals = f.values.map((x) => (x === null || x === undefined ? '' : x));
    if (v instanceof Date) vals = vals.map((x) => this.filterDate(f, x));
    const empty = v === '' || v === null || v === undefined || (Array.isArray(v) && v.length === 0);
    const str = (x: unknown) => (x instanceof Date ? x.toISOString() : String(x)).toLowerCase();
    const ids = Array.isArray(v) ? v.map(String) : empty ? [] : [typeof v === 'boolean' ? (v ? 'T' : 'F') : String(v)];
    switch (op) {
      case 'isempty': return empty;
      case 'isnotempty': return !empty;
      case 'is':
        if (typeof v === 'boolean') return (v ? 'T' : 'F') === String(vals[0]).toUpperCase() || v === vals[0];
        return str(v) === str(vals[0]);
      case 'isnot': return !this.matches(row, { ...f, operator: 'is' });
      case 'anyof':
        return vals.some((x) => (String(x) === '@NONE@' ? empty : ids.includes(String(x))));
      case 'noneof': return !this.matches(row, { ...f, operator: 'anyof' });
      case 'allof': return vals.every((x) => ids.includes(String(x)));
      case 'contains': return str(v).includes(str(vals[0]));
      case 'doesnotcontain': return !str(v).includes(str(vals[0]));
      case 'startswith': return str(v).startsWith(str(vals[0]));
      case 'haskeywords': return String(vals[0]).toLowerCase().split(/\s+/).every((w) => str(v).includes(w));
      case 'equalto': return !empty && Number(v) === Number(vals[0]);
      case 'notequalto': return empty || Number(v) !== Number(vals[0]);
      case 'greaterthan': return !empty && compare(v, vals[0]) > 0;
      case 'greaterthanorequalto': return !empty && compare(v, vals[0]) >= 0;
      case 'lessthan': return !empty && compare(v, vals[0]) < 0;
      case 'lessthanorequalto': return !empty && compare(v, vals[0]) <= 0;
      case 'between':
      case 'within': return !empty && compare(v, vals[0]) >= 0 && compare(v, vals[1]) <= 0;
      case 'notbetween':
      case 'notwithin': return empty || compare(v, vals[0]) < 0 || compare(v, vals[1]) > 0;
      case 'on': return !empty && this.sameDay(v, vals[0]);
      case 'noton': return empty || !this.sameDay(v, vals[0]);
      case 'before': return !empty && compare(v, vals[0]) < 0;
      case 'after': return !empty && compare(v, vals[0]) > 0;
      case 'onorbefore': return !empty && (compare(v, vals[0]) <= 0 || this.sameDay(v, vals[0]));
      case 'onorafter': return !empty && (compare(v, vals[0]) >= 0 || this.sameDay(v, vals[0]));
      default:
        throw nsError('SSS_INVALID_SRCH_OPERATOR', `An nlobjSearchFilter contains an invalid operator, or is not in proper syntax: ${f.name}.`);
    }
  }

  /** A date filter's value: a Date, or text in the user's date format read in the user's time zone. */
  private filterDate(f: FilterSpec, x: unknown): Date {
    if (x instanceof Date) return x;
    const d = parseDateText(String(x), this.acct.datePreferences());
    if (!d) {
      throw nsError('INVALID_SRCH_FILTER_VAL', `The filter value ${String(x)} for ${f.name} is not a date in the user's date format (${this.acct.datePreferences().dateFormat}).`);
    }
    return d;
  }

  /** The same calendar day in the user's time zone. */
  private sameDay(a: unknown, b: unknown): boolean {
    if (!(a instanceof Date) || !(b instanceof Date)) return false;
    const zone = this.acct.datePreferences().timeZone;
    const x = wallTime(a, zone); const y = wallTime(b, zone);
    return x.year === y.year && x.month === y.month && x.day === y.day;
  }
}

/** Standard date columns by the names searches use on entities (the double stores created/lastmodified). */
const STANDARD_DATE_NAMES: Record<string, string> = { datecreated: 'created', lastmodifieddate: 'lastmodified' };

function isTerm(expr: unknown[]): boolean {
  return typeof expr[0] === 'string' && typeof expr[1] === 'string' && !['AND', 'OR', 'NOT'].includes(String(expr[0]).toUpperCase());
}

function asComparable(x: unknown): number | string {
  if (x instanceof Date) return x.getTime();
  if (typeof x === 'number') return x;
  if (typeof x === 'boolean') return x ? 1 : 0;
  const s = String(x ?? '');
  if (s !== '' && !isNaN(Number(s))) return Number(s);
  return s.toLowerCase();
}

export function compare(a: unknown, b: unknown): number {
  const x = asComparable(a); const y = asComparable(b);
  if (typeof x === typeof y) return x < y ? -1 : x > y ? 1 : 0;
  return String(x).localeCompare(String(y));
}
