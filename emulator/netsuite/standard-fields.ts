/**
 * The standard fields NetSuite defines on the record types the account double serves: body fields,
 * sublists with their fields (what N/record reads and writes) and search columns (what N/search and
 * lookupFields read and filter on). A field a type does not have here is refused (see record.ts and
 * search-engine.ts); custom fields (custbody, custentity, custcol, custitem, custrecord) come from
 * Objects/ instead.
 *
 * Where it comes from (read, then written here by hand as data; no code copied):
 * - Oracle's SuiteScript Records Browser (2026.1), the page of each record type: its Fields,
 *   Sublists and Search Columns tables (e.g. "Customer Payment", internal id customerpayment);
 * - the DataAccess classes of ExploreConsulting's netsuite-fasttrack-toolkit-ss2 (generated from the
 *   Records Browser): DepositBase (the `payment` sublist), CustomerPaymentBase, CustomerRefundBase,
 *   JournalEntryBase, AccountBase, SubsidiaryBase, Transaction;
 * - Oracle's help pages on the deposit ("Adding a Record With Other Deposit, Cash Back Lines",
 *   "Updating the Deposit Record") for the `other` and `cashback` lists;
 * - cross-checked against the NetSuite record metadata dump shipped in the npm package nsmockup 0.10.0
 *   (src/defaults-records/metadata/*.json: sublists and their fields per record type).
 * Fields that only a feature adds (tax, multiple currencies, OneWorld, multi-book) are listed, as an
 * account with those features has them.
 */

const ids = (s: string): string[] => s.split(/\s+/).filter(Boolean);

/** Body fields every transaction record has. */
const TRANSACTION_BODY = ids(`
  class createddate currency currencyname currencysymbol customform department exchangerate externalid
  isbasecurrency lastmodifieddate location memo nexus postingperiod status statusref subsidiary trandate tranid
`);

/** Apply sublists of A/R transactions (customerpayment, customerrefund, creditmemo): the open documents. */
const APPLY_LINE = ids('amount apply applydate createdfrom currency doc due duedate internalid job line refnum total trantype url');

/** The `item` sublist of sales transactions (invoice, credit memo), with the tax and amortization columns. */
const SALES_ITEM_LINE = ids(`
  amortizationperiod amortizationtype amount class costestimate costestimaterate costestimatetype deferrevrec department
  description excludefromraterequest grossamt id inventorydetail isclosed istaxable item itemsubtype itemtype job line
  linenumber location options price printitems quantity quantityavailable quantityremaining rate revrecenddate
  revrecschedule revrecstartdate taxcode taxrate1 tax1amt taxamount units isdropshipment ingroup
`);

const SALES_BODY = ids(`
  account amountpaid amountremaining balance billaddr1 billaddress billaddresslist billcity billcountry billstate billzip
  createdfrom discountamount discountitem discountrate discounttotal email enddate entity entitytaxregnum estgrossprofit
  giftcertapplied handlingcost handlingtaxcode istaxable job leadsource message messagesel opportunity otherrefnum partner
  promocode salesrep shipaddress shipaddresslist shipdate shipmethod shippingaddress shippingcost shippingtax1rate
  shippingtaxcode source startdate subsidiarytaxregnum subtotal taxdetailsoverride taxitem taxpointdate taxrate
  taxregoverride taxtotal terms tobeemailed tobefaxed tobeprinted total
  altshippingcost althandlingcost shippingtax1amt handlingtax1rate taxamountoverride taxamount2override tax2total
`);

export interface StandardType {
  /** Body field ids a record of the type has. */
  body: string[];
  /** Sublist id -> its field ids. */
  sublists: Record<string, string[]>;
}

/** Item records share their body fields (the item types emu-invoices adds use the same ids). */
const ITEM_BODY = ids(`
  class cost createddate department description displayname expenseaccount externalid includechildren incomeaccount
  isfulfillable isinactive isonline istaxable itemid itemtype lastmodifieddate location parent purchasedescription rate
  salesdescription subsidiary taxschedule upccode vendorname assetaccount cogsaccount quantityonhand discounttype
  nonposting account subtype salestaxcode ispretax averagecost taxaccount
`);
const ITEM: StandardType = { body: ITEM_BODY, sublists: { price: ids('currency pricelevel price quantity'), itemvendor: ids('vendor purchaseprice preferredvendor subsidiary') } };

export const STANDARD_TYPES: Record<string, StandardType> = {
  customer: {
    body: ids(`
      accessrole accountnumber altemail altname altphone autoname balance
      buyingreason buyingtimeframe category comments companyname consolbalance consoldepositbalance consoloverduebalance
      consolunbilledorders contact creditholdoverride creditlimit currency customform datecreated defaultaddress
      depositbalance email emailpreference emailtransactions enddate entityid entitystatus externalid fax faxtransactions
      firstname giveaccess globalsubscriptionstatus homephone isinactive isperson language lastmodifieddate lastname
      leadsource middlename mobilephone openingbalance openingbalancedate overduebalance parent partner phone pricelevel
      printtransactions receivablesaccount resalenumber salesrep salutation shipcomplete stage startdate subsidiary
      taxable taxitem terms territory title unbilledorders url vatregnumber
    `),
    sublists: {
      // an address is the line's `addressbookaddress` subrecord (ADDRESS_FIELDS); searches show the default billing and shipping ones
      addressbook: ids('addressbookaddress addressbookaddress_text defaultbilling defaultshipping id internalid isresidential label'),
      contactroles: ids('contact email giveaccess role sendemail'),
      creditcards: ids('ccdefault ccexpiredate ccmemo ccname ccnumber customercode internalid paymentmethod'),
      currency: ids('balance consolbalance consoldepositbalance consoloverduebalance consolunbilledorders currency depositbalance displaysymbol overduebalance overridecurrencyformat symbolplacement unbilledorders'),
      submachine: ids('balance depositbalance isprimarysub subsidiary unbilledorders'),
      salesteam: ids('contribution employee id isprimary issalesrep salesrole'),
      partners: ids('contribution id isprimary partner partnerrole'),
    },
  },
  customersubsidiaryrelationship: {
    body: ids('balance depositbalance entity externalid isprimarysub name primarycurrency subsidiary unbilledorders'),
    sublists: {},
  },
  employee: {
    body: ids(`
      class datecreated department email entityid externalid firstname giveaccess hiredate isinactive issalesrep lastmodifieddate
      lastname location middlename mobilephone phone subsidiary supervisor title
    `),
    sublists: { roles: ids('selectedrole') },
  },
  subsidiary: {
    body: ids(`
      country currency edition email externalid fax federalidnumber fiscalcalendar iselimination isinactive legalname logo
      mainaddress name parent phone returnaddress shippingaddress state taxfiscalcalendar url
    `),
    sublists: { accountingbookdetail: ids('accountingbook currency') },
  },
  currency: {
    body: ids(`
      currencyprecision displaysymbol exchangerate externalid formatsample fxrateupdatetimezone includeinfxrateupdates
      isbasecurrency isinactive locale name overridecurrencyformat symbol symbolplacement
    `),
    sublists: {},
  },
  account: {
    body: ids(`
      accountsearchdisplayname acctname acctnumber accttype billableexpensesacct cashflowrate category1099misc class currency
      curdocnum deferralacct department description eliminate externalid generalrate includechildren inventory isinactive
      issummary legalname location openingbalance parent restricttoaccountingbook revalue subsidiary trandate unit unitstype
    `),
    sublists: { localizations: ids('accountingcontext acctname acctnumber legalname locale') },
  },
  accountingperiod: {
    body: ids('allownonglchanges alllocked aplocked arlocked closed closedondate enddate externalid fiscalcalendar isadjust isinactive isposting isquarter isyear parent payrolllocked periodname startdate'),
    sublists: {},
  },
  paymentmethod: {
    body: ids('account creditcard externalid isdebitcard isinactive isonline methodtype name undepfunds'),
    sublists: {},
  },
  serviceitem: ITEM,
  noninventoryitem: ITEM,
  noninventorysaleitem: ITEM,
  otherchargeitem: ITEM,
  inventoryitem: ITEM,
  discountitem: ITEM,
  subtotalitem: ITEM,
  descriptionitem: ITEM,
  markupitem: ITEM,
  paymentitem: ITEM,
  kititem: { body: ITEM_BODY, sublists: { member: ids('item quantity memberdescr memberunit taxcode') } },
  assemblyitem: { body: ITEM_BODY, sublists: { member: ids('item quantity memberdescr memberunit') } },
  giftcertificateitem: ITEM,
  noninventorypurchaseitem: ITEM,
  noninventoryresaleitem: ITEM,
  otherchargesaleitem: ITEM,
  otherchargepurchaseitem: ITEM,
  otherchargeresaleitem: ITEM,
  itemgroup: { body: ITEM_BODY, sublists: { member: ids('item quantity memberdescr memberunit taxcode') } },
  salestaxitem: { body: ITEM_BODY, sublists: {} },
  shipitem: ITEM,
  invoice: {
    body: [...TRANSACTION_BODY, ...SALES_BODY, ...ids('duedate fob')],
    sublists: {
      item: SALES_ITEM_LINE,
      salesteam: ids('contribution employee id isprimary issalesrep salesrole'),
      partners: ids('contribution id isprimary partner partnerrole'),
    },
  },
  creditmemo: {
    body: [...TRANSACTION_BODY, ...SALES_BODY, ...ids('applied autoapply unapplied')],
    sublists: { item: SALES_ITEM_LINE, apply: APPLY_LINE },
  },
  customerpayment: {
    body: [...TRANSACTION_BODY, ...ids(`
      account applied aracct authcode autoapply balance ccapproved ccavsstreetmatch ccavszipmatch ccexpiredate ccname ccnumber
      ccsecuritycode ccstreet cczipcode chargeit checknum creditcard creditcardprocessor customer ignoreavs payment
      paymentmethod paymentoption pending pnrefnum softdescriptor total unapplied undepfunds
    `)],
    sublists: {
      apply: [...APPLY_LINE, ...ids('disc discamt discdate')],
      credit: ids('amount apply createdfrom creditdate currency doc due duedate internalid line refnum total trantype url'),
      deposit: ids('amount apply currency depositdate doc remaining total url'),
    },
  },
  customerrefund: {
    body: [...TRANSACTION_BODY, ...ids(`
      account address aracct balance ccapproved ccexpiredate ccname ccnumber ccstreet cczipcode chargeit creditcard
      creditcardprocessor customer paymentmethod pnrefnum tobeprinted total
    `)],
    sublists: {
      apply: APPLY_LINE,
      deposit: ids('amount apply currency depositdate doc remaining total url'),
    },
  },
  deposit: {
    body: [...TRANSACTION_BODY, ...ids('account creditcardprocessor tobeprinted total')],
    sublists: {
      // what NetSuite lists in Undeposited Funds: the transaction's own amount and, in the deposit's currency, paymentamount
      payment: ids('class currency department deposit docdate docnumber entity id lineid location memo paymentamount paymentmethod pmtcurrencyprecision refnum transactionamount type'),
      other: ids('account amount class department entity line location memo paymentmethod refnum'),
      cashback: ids('account amount class department line location memo'),
    },
  },
  journalentry: {
    body: [...TRANSACTION_BODY, ...ids(`
      accountingbook approvalstatus approved createdfrom credittotal debittotal nextapprover reversaldate reversaldefer
      subsidiarytaxregnum tosubsidiary
    `)],
    sublists: {
      line: ids(`
        account amortizationtype class credit credittax debit debittax department eliminate enddate entity entitytype grossamt
        item line linetaxcode linetaxrate location memo residual schedule schedulenum startdate taxaccount taxbasis taxcode
        tax1acct tax1amt taxrate1 totalamount
      `),
    },
  },
};

/**
 * Search columns (and filters: the same ids) per search type. Every transaction type is searched as
 * the Transaction search (`transaction`, or its own type id): one column set.
 */
const TRANSACTION_SEARCH = ids(`
  account accounttype amount amountpaid amountremaining amountunbilled appliedtotransaction applyingtransaction
  approvalstatus billingstatus class closedate createdby createdfrom creditamount currency datecreated daysopen daysoverdue
  debitamount department depositdate deposittransaction discountamount duedate email entity exchangerate externalid
  externalidstring fxamount fxamountpaid fxamountremaining fxamountunbilled grossamount internalid item lastmodifieddate
  line location mainline mainname memo memomain name netamount number otherrefnum paymentmethod posting postingperiod
  quantity rate recordtype refnumber salesrep shipdate shippingamount status subsidiary taxamount taxline taxtotal terms
  total trandate tranid type voided
`);

export const SEARCH_COLUMNS: Record<string, string[]> = {
  transaction: TRANSACTION_SEARCH,
  customer: ids(`
    address address1 address2 address3 addressee addresslabel addressphone altemail altname altphone attention balance
    billaddress billaddress1 billaddress2 billaddress3 billaddressee billattention billcity billcountry billcountrycode
    billphone billstate billzipcode category city comments companyname consolbalance country countrycode creditlimit currency
    datecreated depositbalance email entityid entitystatus externalid fax firstname homephone internalid isinactive isperson
    lastmodifieddate lastname middlename mobilephone overduebalance parent phone pricelevel salesrep shipaddress shipaddress1
    shipaddress2 shipaddress3 shipaddressee shipattention shipcity shipcountry shipcountrycode shipphone shipstate shipzip
    stage state subsidiary terms unbilledorders url zipcode
  `),
  customersubsidiaryrelationship: ids('entity externalid internalid isprimarysub name primarycurrency subsidiary'),
  employee: ids('datecreated department email entityid externalid firstname internalid isinactive lastname phone subsidiary supervisor title'),
  subsidiary: ids('country currency email externalid internalid iselimination isinactive legalname name namenohierarchy parent phone state'),
  currency: ids('exchangerate externalid internalid isbasecurrency isinactive name symbol'),
  account: ids('balance currency description externalid internalid isinactive issummary name number parent subsidiary type'),
  accountingperiod: ids('aplocked arlocked alllocked closed enddate internalid isadjust isinactive isquarter isyear parent periodname startdate'),
  paymentmethod: ids('externalid internalid isinactive name'),
  item: ids('baseprice cost description displayname externalid incomeaccount internalid isinactive itemid name salesdescription subsidiary type'),
};

/** The item record types (searched as Item). */
const ITEM_TYPES = Object.keys(STANDARD_TYPES).filter((t) => /item$|^itemgroup$/.test(t));

/** The search a record type is searched as (its transaction type searches as Transaction). */
export function searchTypeOf(type: string, isTransaction: boolean): string | undefined {
  if (isTransaction && STANDARD_TYPES[type]) return 'transaction';
  if (/item$|^itemgroup$/.test(type)) return 'item';
  return SEARCH_COLUMNS[type] ? type : undefined;
}

/**
 * Search column ids that read a differently named field on the record the double keeps, by record
 * type (the search shows an account's `acctname` as `name` and `accttype` as `type`; a payment's or
 * refund's `customer` is the Transaction search's `entity`; an item's `itemid` is its `name`).
 */
export const SEARCH_ALIASES: Record<string, Record<string, string>> = {
  account: { name: 'acctname', number: 'acctnumber', type: 'accttype' },
  customerpayment: { entity: 'customer' },
  customerrefund: { entity: 'customer' },
  ...Object.fromEntries(ITEM_TYPES.map((t) => [t, { name: 'itemid', type: 'itemtype' }])),
};

/** Fields of the address subrecord (an addressbook line's `addressbookaddress`). */
export const ADDRESS_FIELDS = ids('addr1 addr2 addr3 addressee addrphone attention city country state zip');

/**
 * Customer search columns that read an address: the default billing address (`bill…`, and the
 * plain `address…` ones) or the default shipping one (`ship…`), by the subrecord field they show.
 */
export const ADDRESS_COLUMNS: Record<string, { use: 'defaultbilling' | 'defaultshipping'; field: string }> = Object.fromEntries(
  (['bill', 'ship', ''] as const).flatMap((prefix) => {
    const use = prefix === 'ship' ? 'defaultshipping' : 'defaultbilling';
    const cols: Array<[string, string]> = [
      ['address1', 'addr1'], ['address2', 'addr2'], ['address3', 'addr3'], ['addressee', 'addressee'], ['attention', 'attention'],
      ['city', 'city'], ['state', 'state'], [prefix === 'ship' ? 'zip' : 'zipcode', 'zip'], ['country', 'country'], ['countrycode', 'country'],
      [prefix === '' ? 'addressphone' : 'phone', 'addrphone'],
    ];
    return cols.map(([col, field]) => [`${prefix}${col}`, { use, field }] as const);
  }),
);

/** Custom field ids (from Objects/), checked by the account against what is installed. */
export function isCustomFieldId(fieldId: string): boolean {
  return /^(custrecord|custentity|custbody|custcol|custitem|custevent)/.test(fieldId);
}

export function standardType(type: string): StandardType | undefined {
  return STANDARD_TYPES[type];
}
