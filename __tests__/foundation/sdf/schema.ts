/**
 * The SDF object types this project uses, as data: for each element, which child elements it may
 * have, which are required, what values they take, and which account features they need declared
 * in manifest.xml. Written from Oracle's "SDF XML reference" (NetSuite Help; each type names the
 * page it came from), so `npm test` catches what `suitecloud project:validate` would reject on
 * machines where the SuiteCloud CLI cannot be installed.
 */

export type ValueSpec =
  | { kind: 'string'; maxLength?: number }
  | { kind: 'boolean' }
  | { kind: 'number' }
  | { kind: 'enum'; values: readonly string[]; list: string }
  /** pipe-separated values of one list */
  | { kind: 'multi'; values: readonly string[]; list: string }
  /** a single-select list that also takes [scriptid] references to objects of the project */
  | { kind: 'select'; values?: readonly string[]; list: string }
  /** a file in the File Cabinet, written [/path] */
  | { kind: 'file'; extension: string };

export interface FieldSpec {
  value: ValueSpec;
  required?: boolean;
  /** the feature manifest.xml must declare when the element appears */
  feature?: string;
  /** the element only applies when this holds for its parent element's values */
  availableWhen?: { field: string; notIn: readonly string[] };
}

export interface NodeSpec {
  /** where this was read: Oracle's SDF XML reference page */
  page: string;
  /** the scriptid attribute: its prefix (max 40 characters in all) */
  scriptid?: { prefix: string };
  fields: Record<string, FieldSpec>;
  /** structured fields: <group><item>...</item></group> */
  lists?: Record<string, { item: string; node: NodeSpec }>;
  /** structured fields holding one nested element */
  groups?: Record<string, NodeSpec>;
  /** field required when another field has one of these values */
  requiredWhen?: Array<{ field: string; when: string; in: readonly string[] }>;
}

export interface ObjectTypeSpec extends NodeSpec {
  /** features the object type itself needs */
  features: readonly string[];
}

const REFERENCE = 'https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help';

// ---- value lists (NetSuite Help: Lists For SDF Custom Object XML Definitions, SDFxml_2405618192) ----

const B: ValueSpec = { kind: 'boolean' };
const S: ValueSpec = { kind: 'string' };
const N: ValueSpec = { kind: 'number' };

export const LISTS = {
  generic_customfield_displaytype: ['HIDDEN', 'LOCKED', 'NORMAL', 'SHOWASLIST', 'STATICTEXT'],
  generic_customfield_fieldtype: [
    'CHECKBOX', 'CLOBTEXT', 'CURRENCY', 'DATE', 'DATETIMETZ', 'DOCUMENT', 'EMAIL', 'FLOAT', 'HELP', 'IMAGE', 'INLINEHTML',
    'INTEGER', 'MULTISELECT', 'PASSWORD', 'PERCENT', 'PHONE', 'RICHTEXT', 'SELECT', 'TEXT', 'TEXTAREA', 'TIMEOFDAY', 'URL',
  ],
  generic_accesslevel_searchlevel: ['0', '1', '2'],
  generic_customfield_onparentdelete: ['NO_ACTION', 'SET_NULL'],
  script_status: ['COMPLETED', 'INPROGRESS', 'INQUEUE', 'NOTSCHEDULED', 'RELEASED', 'SCHEDULED', 'TESTING'],
  script_loglevel: ['DEBUG', 'AUDIT', 'ERROR', 'EMERGENCY'],
  script_eventtype: ['APPROVE', 'CANCEL', 'CREATE', 'DELETE', 'DROPSHIP', 'EDIT', 'EDITFORECAST', 'EMAIL', 'MARKCOMPLETE', 'ORDERITEMS', 'PACK', 'PAYBILLS', 'PRINT', 'QUICKVIEW', 'REASSIGN', 'REJECT', 'SHIP', 'SPECIALORDER', 'TRANSFORM', 'VIEW', 'XEDIT'],
  script_setting: ['', 'ITEM', 'URL'],
  // SDFxml_340964121
  execution_context: [
    'ACTION', 'ADVANCEDREVREC', 'BANKCONNECTIVITY', 'BANKSTATEMENTPARSER', 'BUNDLEINSTALLATION', 'CLIENT', 'CONSOLRATEADJUSTOR',
    'CSVIMPORT', 'CUSTOMGLLINES', 'CUSTOMMASSUPDATE', 'DATASETBUILDER', 'DEBUGGER', 'EMAILCAPTURE', 'FICONNECTIVITY', 'FIPARSER',
    'MAPREDUCE', 'OCRPLUGIN', 'OFFLINECLIENT', 'OTHER', 'PAYMENTGATEWAY', 'PAYMENTPOSTBACK', 'PLATFORMEXTENSION', 'PORTLET',
    'PROMOTIONS', 'RECORDACTION', 'RESTLET', 'RESTWEBSERVICES', 'SCHEDULED', 'SDFINSTALLATION', 'SHIPPINGPARTNERS', 'SUITELET',
    'TAXCALCULATION', 'USEREVENT', 'USERINTERFACE', 'WEBAPPLICATION', 'WEBSERVICES', 'WEBSTORE', 'WORKBOOKBUILDER', 'WORKFLOW',
  ],
  // the standard record types a script deployment of this project may name (generic_standard_recordtype, excerpt)
  generic_standard_recordtype: ['CUSTOMER', 'CONTACT', 'EMPLOYEE', 'VENDOR', 'PARTNER', 'INVOICE', 'SALESORDER', 'CUSTOMERPAYMENT', 'CASHSALE', 'CREDITMEMO', 'SUBSIDIARY'],
  customrecordtype_accesstype: ['CUSTRECORDENTRYPERM', 'NONENEEDED', 'USEPERMISSIONLIST'],
  // the standard roles a permission list may name (customrecordtype_permittedrole, excerpt); project roles go as [scriptid]
  customrecordtype_permittedrole: ['ACCOUNTANT', 'ACCOUNTANT__REVIEWER', 'ADMINISTRATOR', 'AP_CLERK', 'AR_CLERK', 'BOOKKEEPER', 'CEO', 'FULL_ACCESS', 'SALES_ADMINISTRATOR', 'SALES_MANAGER', 'SALES_PERSON', 'SYSTEM_ADMINISTRATOR', '_ALL_ROLES'],
  generic_permission_level: ['NONE', 'VIEW', 'CREATE', 'EDIT', 'FULL'],
  role_restrict: ['DEFAULTTOOWN', 'OWNONLY', 'OWNANDSUBS'],
  role_fullrestrictions: ['NONE', 'DEFAULTTOOWN', 'OWNONLY', 'OWNANDSUBS', 'SUBORDINATESONLY', 'UNASSIGNED'],
  role_centertype: ['ACCOUNTCENTER', 'BASIC', 'CUSTOMER', 'EMPLOYEE', 'ENGINEERINGCENTER', 'EXECUTIVE', 'MARKETINGCENTER', 'PARTNERCENTER', 'PROJECTCENTER', 'RETAILCENTER', 'SALESCENTER', 'SHIPPING', 'SUPPORTCENTER', 'VENDOR', 'WEBCENTER'],
  // the permission keys of this project's roles (generic_permission, excerpt); custom records go as [scriptid]
  generic_permission: ['LIST_CUSTJOB', 'LIST_CONTACT', 'LIST_EMPLOYEE', 'LIST_SUBSIDIARY', 'ADMI_CUSTRECORD', 'ADMI_SCRIPTS', 'TRAN_CUSTPYMT', 'TRAN_CUSTINVC', 'LIST_CURRENCY'],
  // -30 transaction, -112 account (ACCOUNTING, declared in manifest.xml), as the reference lists them
  // how often a scheduled deployment repeats within its day (generic_repeat_time, excerpt)
  generic_repeat_time: ['PT15M', 'PT30M', 'PT1H', 'PT2H', 'PT4H', 'PT6H', 'PT8H', 'PT12H'],
  generic_customfield_selectrecordtype: ['-1', '-2', '-3', '-4', '-5', '-6', '-7', '-9', '-10', '-30', '-112', '-117', '-118', '-120'],
} as const;

const list = (name: keyof typeof LISTS): ValueSpec => ({ kind: 'enum', values: LISTS[name], list: name });
const select = (name: keyof typeof LISTS): ValueSpec => ({ kind: 'select', values: LISTS[name], list: name });

// ---- custom fields (entitycustomfield, customrecordcustomfield, scriptcustomfield) ----

const ROLE_ACCESSES: NodeSpec['lists'] = {
  roleaccesses: {
    item: 'roleaccess',
    node: {
      page: `${REFERENCE}/SDFxml_767349028.html`,
      fields: {
        role: { value: { kind: 'select', list: 'generic_role' }, required: true },
        accesslevel: { value: list('generic_accesslevel_searchlevel'), required: true },
        searchlevel: { value: list('generic_accesslevel_searchlevel'), required: true },
      },
    },
  },
  customfieldfilters: {
    item: 'customfieldfilter',
    node: {
      page: `${REFERENCE}/SDFxml_1378498284.html`,
      fields: {
        fldfilter: { value: S, required: true }, fldfilterchecked: { value: B }, fldfiltercomparetype: { value: S }, fldfiltersel: { value: S },
        fldfilterval: { value: S }, fldfilternotnull: { value: B }, fldfilternull: { value: B }, fldcomparefield: { value: S },
      },
    },
  },
};

const FIELD_COMMON: Record<string, FieldSpec> = {
  label: { value: { kind: 'string', maxLength: 200 }, required: true },
  fieldtype: { value: list('generic_customfield_fieldtype'), required: true },
  selectrecordtype: { value: select('generic_customfield_selectrecordtype') },
  applyformatting: { value: B }, defaultchecked: { value: B }, defaultselection: { value: S }, defaultvalue: { value: S },
  description: { value: S }, displaytype: { value: list('generic_customfield_displaytype') }, dynamicdefault: { value: S },
  help: { value: S }, linktext: { value: S }, minvalue: { value: S }, maxvalue: { value: S }, storevalue: { value: B },
  accesslevel: { value: list('generic_accesslevel_searchlevel') }, checkspelling: { value: B }, displayheight: { value: N },
  displaywidth: { value: N }, isformula: { value: B }, ismandatory: { value: B }, maxlength: { value: S },
  onparentdelete: { value: list('generic_customfield_onparentdelete') }, searchcomparefield: { value: S }, searchdefault: { value: S },
  searchlevel: { value: list('generic_accesslevel_searchlevel') },
};
const SELECT_NEEDS_TYPE = [{ field: 'selectrecordtype', when: 'fieldtype', in: ['SELECT', 'MULTISELECT'] }];

const RECORD_FIELD_EXTRAS: Record<string, FieldSpec> = {
  encryptatrest: { value: B }, globalsearch: { value: B }, showinlist: { value: B }, sourcefilterby: { value: S }, sourcefrom: { value: S },
  sourcelist: { value: S }, isparent: { value: B }, parentsubtab: { value: S }, subtab: { value: S },
};

// ---- scripts and their deployments ----

const SCRIPT_COMMON: Record<string, FieldSpec> = {
  name: { value: { kind: 'string', maxLength: 40 }, required: true },
  scriptfile: { value: { kind: 'file', extension: '.js' }, required: true },
  description: { value: { kind: 'string', maxLength: 999 } },
  isinactive: { value: B }, notifyadmins: { value: B }, notifyemails: { value: { kind: 'string', maxLength: 999 } },
  notifygroup: { value: S }, notifyowner: { value: B }, notifyuser: { value: B },
};

const { notifyuser: _notifyuser, ...MAP_REDUCE_COMMON } = SCRIPT_COMMON;

const AUDIENCE: Record<string, FieldSpec> = {
  allemployees: { value: B }, allpartners: { value: B, feature: 'CRM' }, allroles: { value: B },
  auddepartment: { value: S, feature: 'DEPARTMENTS' }, audemployee: { value: S }, audgroup: { value: S },
  audpartner: { value: S, feature: 'CRM' }, audslctrole: { value: S }, audsubsidiary: { value: S, feature: 'SUBSIDIARIES' },
  eventtype: { value: list('script_eventtype') },
};

const DEPLOYMENT_COMMON: Record<string, FieldSpec> = {
  status: { value: list('script_status'), required: true },
  isdeployed: { value: B },
  loglevel: { value: list('script_loglevel') },
  runasrole: { value: { kind: 'select', list: 'generic_role' } },
};

const scriptCustomFields = (page: string): NodeSpec['lists'] => ({
  scriptcustomfields: {
    item: 'scriptcustomfield',
    node: {
      page, scriptid: { prefix: 'custscript' }, requiredWhen: SELECT_NEEDS_TYPE, lists: ROLE_ACCESSES,
      fields: { ...FIELD_COMMON, setting: { value: list('script_setting') } },
    },
  },
});

const RECORD_DEPLOYMENT: Record<string, FieldSpec> = {
  ...DEPLOYMENT_COMMON, ...AUDIENCE,
  recordtype: { value: select('generic_standard_recordtype'), required: true },
  alllocalizationcontexts: { value: B },
  executioncontext: { value: { kind: 'multi', values: LISTS.execution_context, list: 'execution_context' } },
  localizationcontext: { value: S },
};

const LIBRARIES: NodeSpec['lists'] = {
  libraries: { item: 'library', node: { page: `${REFERENCE}/SDFxml_3013619113.html`, fields: { scriptfile: { value: { kind: 'file', extension: '.js' }, required: true } } } },
};

export const OBJECT_TYPES: Record<string, ObjectTypeSpec> = {
  usereventscript: {
    page: `${REFERENCE}/SDFxml_2716615335.html`, features: ['SERVERSIDESCRIPTING'], scriptid: { prefix: 'customscript' },
    fields: { ...SCRIPT_COMMON, aftersubmitfunction: { value: S }, beforeloadfunction: { value: S }, beforesubmitfunction: { value: S } },
    lists: {
      ...LIBRARIES, ...scriptCustomFields(`${REFERENCE}/SDFxml_2716615335.html`),
      // a user event deployment has no title (Suitelet, map/reduce and scheduled deployments do)
      scriptdeployments: { item: 'scriptdeployment', node: { page: `${REFERENCE}/SDFxml_2716615335.html`, scriptid: { prefix: 'customdeploy' }, fields: RECORD_DEPLOYMENT } },
    },
  },
  clientscript: {
    page: `${REFERENCE}/SDFxml_4053132713.html`, features: ['SERVERSIDESCRIPTING'], scriptid: { prefix: 'customscript' },
    fields: {
      ...SCRIPT_COMMON,
      ...Object.fromEntries(['fieldchangedfunction', 'lineinitfunction', 'pageinitfunction', 'postsourcingfunction', 'recalcfunction', 'saverecordfunction',
        'validatedeletefunction', 'validatefieldfunction', 'validateinsertfunction', 'validatelinefunction'].map((f) => [f, { value: S }])),
    },
    lists: {
      ...LIBRARIES, ...scriptCustomFields(`${REFERENCE}/SDFxml_1412672892.html`),
      scriptdeployments: { item: 'scriptdeployment', node: { page: `${REFERENCE}/SDFxml_2144494927.html`, scriptid: { prefix: 'customdeploy' }, fields: RECORD_DEPLOYMENT } },
    },
  },
  suitelet: {
    // part of the suitelet SDF custom object documentation (its link, roleaccess and deployment topics)
    page: `${REFERENCE}/SDFxml_4286557755.html`, features: ['SERVERSIDESCRIPTING'], scriptid: { prefix: 'customscript' },
    fields: { ...SCRIPT_COMMON, defaultfunction: { value: S } },
    lists: {
      ...LIBRARIES, ...scriptCustomFields(`${REFERENCE}/SDFxml_3094672873.html`),
      scriptdeployments: {
        item: 'scriptdeployment',
        node: {
          page: `${REFERENCE}/SDFxml_4286557755.html`, scriptid: { prefix: 'customdeploy' },
          fields: { ...DEPLOYMENT_COMMON, ...AUDIENCE, title: { value: S, required: true }, isonline: { value: B } },
        },
      },
    },
  },
  mapreducescript: {
    // a map/reduce script has no notifyuser
    page: `${REFERENCE}/SDFxml_3519311208.html`, features: ['SERVERSIDESCRIPTING'], scriptid: { prefix: 'customscript' },
    fields: MAP_REDUCE_COMMON,
    lists: {
      ...scriptCustomFields(`${REFERENCE}/section_158069008199.html`),
      scriptdeployments: {
        item: 'scriptdeployment',
        node: {
          page: `${REFERENCE}/SDFxml_27094036.html`, scriptid: { prefix: 'customdeploy' },
          fields: {
            ...DEPLOYMENT_COMMON, title: { value: S, required: true }, buffersize: { value: S }, concurrencylimit: { value: S },
            queueallstagesatonce: { value: B }, yieldaftermins: { value: S },
          },
          groups: {
            recurrence: {
              page: `${REFERENCE}/SDFxml_27094036.html`, fields: {},
              groups: {
                // the daily field group (SDFxml_617656060): every x days from a start, repeating within the day
                daily: {
                  page: `${REFERENCE}/SDFxml_617656060.html`,
                  fields: {
                    startdate: { value: S, required: true }, starttime: { value: S, required: true },
                    everyxdays: { value: N, required: true }, enddate: { value: S }, repeat: { value: list('generic_repeat_time') },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
  entitycustomfield: {
    page: `${REFERENCE}/SDFxml_1378498284.html`, features: [], scriptid: { prefix: 'custentity' }, requiredWhen: SELECT_NEEDS_TYPE, lists: ROLE_ACCESSES,
    fields: {
      ...FIELD_COMMON, ...RECORD_FIELD_EXTRAS, showhierarchy: { value: B }, availableexternally: { value: B },
      appliestocontact: { value: B }, appliestocustomer: { value: B }, appliestoemployee: { value: B }, appliestogroup: { value: B },
      appliestoothername: { value: B }, appliestopricelist: { value: B }, appliestoprojecttemplate: { value: B }, appliestostatement: { value: B },
      appliestogenericrsrc: { value: B, feature: 'ADVANCEDJOBS' }, appliestopartner: { value: B, feature: 'CRM' }, appliestoproject: { value: B, feature: 'JOBS' },
      appliestovendor: { value: B, feature: 'ACCOUNTING' }, appliestowebsite: { value: B, feature: 'WEBSITE' }, availabletosso: { value: B, feature: 'SUITESIGNON' },
    },
  },
  transactionbodycustomfield: {
    // scriptid up to 38 characters (the reference); the body* flags say which transactions carry the field
    page: `${REFERENCE}/SDFxml_3330726969.html`, features: [], scriptid: { prefix: 'custbody' }, requiredWhen: SELECT_NEEDS_TYPE, lists: ROLE_ACCESSES,
    fields: {
      ...FIELD_COMMON, ...RECORD_FIELD_EXTRAS,
      bodysale: { value: B }, bodypurchase: { value: B }, bodyjournal: { value: B }, bodycustomerpayment: { value: B }, bodydeposit: { value: B },
      bodyvendorpayment: { value: B }, bodyexpensereport: { value: B }, bodyitemfulfillment: { value: B }, bodyitemreceipt: { value: B },
      bodyinventoryadjustment: { value: B }, bodyopportunity: { value: B }, subtab: { value: S },
    },
  },
  customrecordtype: {
    page: `${REFERENCE}/SDFxml_372451363.html`, features: ['CUSTOMRECORDS'], scriptid: { prefix: 'customrecord' },
    fields: {
      recordname: { value: { kind: 'string', maxLength: 40 }, required: true },
      customsegment: { value: S, feature: 'CUSTOMSEGMENTS' }, accesstype: { value: list('customrecordtype_accesstype') },
      allowattachments: { value: B }, allowinlineediting: { value: B }, allowinlinedeleting: { value: B }, allowinlinedetaching: { value: B },
      allowmobileaccess: { value: B }, allownumberingoverride: { value: B }, allowquickadd: { value: B }, allowquicksearch: { value: B },
      allowuiaccess: { value: B }, description: { value: S }, enabledle: { value: B, feature: 'EXTREMELIST' }, enablekeywords: { value: B },
      enablemailmerge: { value: B, feature: 'MAILMERGE' }, enablenametranslation: { value: B, feature: 'MULTILANGUAGE' }, enablenumbering: { value: B },
      enableoptimisticlocking: { value: B }, enablesystemnotes: { value: B }, hierarchical: { value: B }, numberingprefix: { value: S },
      numberingsuffix: { value: S }, numberingmindigits: { value: S }, numberinginit: { value: S }, icon: { value: S }, iconbuiltin: { value: B },
      iconindex: { value: S }, includeinsearchmenu: { value: B }, includename: { value: B }, isinactive: { value: B }, isordered: { value: B },
      showcreationdate: { value: B }, showcreationdateonlist: { value: B }, showid: { value: B }, showlastmodified: { value: B },
      showlastmodifiedonlist: { value: B }, shownotes: { value: B }, showowner: { value: B }, showownerallowchange: { value: B }, showowneronlist: { value: B },
    },
    lists: {
      customrecordcustomfields: {
        item: 'customrecordcustomfield',
        node: {
          page: `${REFERENCE}/SDFxml_2670115109.html`, scriptid: { prefix: 'custrecord' }, requiredWhen: SELECT_NEEDS_TYPE, lists: ROLE_ACCESSES,
          fields: { ...FIELD_COMMON, ...RECORD_FIELD_EXTRAS, allowquickadd: { value: B }, rolerestrict: { value: B } },
        },
      },
      permissions: {
        item: 'permission',
        node: {
          page: `${REFERENCE}/SDFxml_2290236535.html`,
          fields: { permittedrole: { value: select('customrecordtype_permittedrole'), required: true }, permittedlevel: { value: list('generic_permission_level'), required: true }, restriction: { value: list('role_restrict') } },
        },
      },
    },
  },
  role: {
    page: `${REFERENCE}/SDFxml_2121043136.html`, features: [], scriptid: { prefix: 'customrole' },
    fields: {
      centertype: { value: select('role_centertype'), required: true }, name: { value: S, required: true }, tfaduration: { value: S },
      coreadminpermission: { value: B }, employeerestriction: { value: list('role_fullrestrictions') },
      employeeviewingallowed: { value: B, availableWhen: { field: 'employeerestriction', notIn: ['', 'NONE', 'DEFAULTTOOWN'] } },
      ispartnerrole: { value: B }, issalesrole: { value: B }, issupportrole: { value: B }, issuerole: { value: S, feature: 'ISSUEDB' },
      restricttimeandexpenses: { value: B }, employeeselectionunrestricted: { value: B }, isinactive: { value: B },
      subsidiaryviewingallowed: { value: B, feature: 'SUBSIDIARIES' }, subsidiaryoption: { value: S, feature: 'SUBSIDIARIES' },
      accountingbooksoption: { value: S, feature: 'MULTIBOOK' }, issinglesignononly: { value: B }, iswebserviceonlyrole: { value: B, feature: 'WEBSERVICES' },
      restrictbydevice: { value: B }, restrictip: { value: B, feature: 'IPADDRESSRULES' }, tfarequired: { value: S },
    },
    lists: {
      permissions: {
        item: 'permission',
        node: {
          page: `${REFERENCE}/SDFxml_762449695.html`,
          fields: { permkey: { value: select('generic_permission'), required: true }, permlevel: { value: list('generic_permission_level'), required: true }, restriction: { value: list('role_restrict') } },
        },
      },
    },
  },
};
