/** The fixed object ids of the bundle (DESIGN.md, "The contract"). Admins, searches and templates depend on them. */
export const RECORD = {
  config: 'customrecord_pp_config',
  webhook: 'customrecord_pp_webhook',
  event: 'customrecord_pp_event',
  syncLog: 'customrecord_pp_sync_log',
  customerLink: 'customrecord_pp_customer_link',
  payment: 'customrecord_pp_payment',
  payout: 'customrecord_pp_payout',
  payoutBank: 'customrecord_pp_payout_bank',
} as const;

/** A further payout currency of a config and the bank account its payouts reach (child of the config). */
export const PAYOUT_BANK = { config: 'custrecord_pp_pb_config', currency: 'custrecord_pp_pb_currency', account: 'custrecord_pp_pb_account' } as const;

export const PAYMENT = {
  chargeId: 'custrecord_pp_pay_charge_id',
  customer: 'custrecord_pp_pay_customer',
  config: 'custrecord_pp_pay_config',
  intentId: 'custrecord_pp_pay_intent_id',
  invoiceId: 'custrecord_pp_pay_invoice_id',
  amount: 'custrecord_pp_pay_amount',
  currency: 'custrecord_pp_pay_currency',
  refunded: 'custrecord_pp_pay_refunded',
  fee: 'custrecord_pp_pay_fee',
  net: 'custrecord_pp_pay_net',
  status: 'custrecord_pp_pay_status',
  failure: 'custrecord_pp_pay_failure',
  method: 'custrecord_pp_pay_method',
  created: 'custrecord_pp_pay_created',
  dashboard: 'custrecord_pp_pay_dashboard',
  payout: 'custrecord_pp_pay_payout',
  readAt: 'custrecord_pp_pay_read_at',
  settleCurrency: 'custrecord_pp_pay_settle_currency',
  transaction: 'custrecord_pp_pay_transaction',
  nsInvoice: 'custrecord_pp_pay_ns_invoice',
  movements: 'custrecord_pp_pay_movements',
  posted: 'custrecord_pp_pay_posted',
  toPost: 'custrecord_pp_pay_to_post',
  posting: 'custrecord_pp_pay_posting',
} as const;

export const PAYOUT = {
  id: 'custrecord_pp_po_id',
  config: 'custrecord_pp_po_config',
  amount: 'custrecord_pp_po_amount',
  currency: 'custrecord_pp_po_currency',
  arrival: 'custrecord_pp_po_arrival',
  status: 'custrecord_pp_po_status',
  failure: 'custrecord_pp_po_failure',
  count: 'custrecord_pp_po_count',
  gross: 'custrecord_pp_po_gross',
  refundCount: 'custrecord_pp_po_refund_count',
  refunds: 'custrecord_pp_po_refunds',
  fees: 'custrecord_pp_po_fees',
  other: 'custrecord_pp_po_other',
  contents: 'custrecord_pp_po_contents',
  created: 'custrecord_pp_po_created',
  dashboard: 'custrecord_pp_po_dashboard',
  cursor: 'custrecord_pp_po_cursor',
  deposit: 'custrecord_pp_po_deposit',
  posting: 'custrecord_pp_po_posting',
  posted: 'custrecord_pp_po_posted',
} as const;

export const CONFIG = {
  subsidiaries: 'custrecord_pp_cfg_subsidiaries',
  secret: 'custrecord_pp_cfg_secret',
  syncField: 'custrecord_pp_cfg_sync_field',
  syncSearch: 'custrecord_pp_cfg_sync_search',
  massSearch: 'custrecord_pp_cfg_mass_search',
  defaultPmSearch: 'custrecord_pp_cfg_defpm_search',
  autoSync: 'custrecord_pp_cfg_autosync',
  autoSyncWebStore: 'custrecord_pp_cfg_autosync_web',
  linkMaxAge: 'custrecord_pp_cfg_link_max_days',
  webhookEnabled: 'custrecord_pp_cfg_webhook_enabled',
  webhookId: 'custrecord_pp_cfg_webhook_id',
  webhookSecret: 'custrecord_pp_cfg_webhook_secret',
  portalReturnUrl: 'custrecord_pp_cfg_portal_return_url',
  webhookStatus: 'custrecord_pp_cfg_webhook_status',
  webhookNewSecret: 'custrecord_pp_cfg_webhook_new_secret',
  webhookMode: 'custrecord_pp_cfg_webhook_mode',
  historyFrom: 'custrecord_pp_cfg_history_from',
  historyDone: 'custrecord_pp_cfg_history_done',
  historyBefore: 'custrecord_pp_cfg_history_before',
  post: 'custrecord_pp_cfg_post',
  postFrom: 'custrecord_pp_cfg_post_from',
  paymentMethod: 'custrecord_pp_cfg_payment_method',
  bankAccount: 'custrecord_pp_cfg_bank_account',
  feeAccount: 'custrecord_pp_cfg_fee_account',
  clearingAccount: 'custrecord_pp_cfg_clearing_account',
  refundItem: 'custrecord_pp_cfg_refund_item',
  paySuccessUrl: 'custrecord_pp_cfg_pay_success_url',
  payCancelUrl: 'custrecord_pp_cfg_pay_cancel_url',
  autopayDays: 'custrecord_pp_cfg_autopay_days',
} as const;

/** The transaction body field of what PayPack posts: the Stripe object it posts. */
export const TRANSACTION = {
  stripeId: 'custbody_pp_stripe_id', payUrl: 'custbody_pp_pay_url',
  /** Charge Card and Autopay: the last attempt's outcome in words, and its state (JSON) for the next attempt. */
  autopayStatus: 'custbody_pp_autopay_status', autopayState: 'custbody_pp_autopay_state',
} as const;

export const WEBHOOK_LOG = {
  config: 'custrecord_pp_wh_config',
  endpointId: 'custrecord_pp_wh_endpoint_id',
  url: 'custrecord_pp_wh_url',
  action: 'custrecord_pp_wh_action',
  events: 'custrecord_pp_wh_events',
  message: 'custrecord_pp_wh_message',
} as const;

export const EVENT = {
  id: 'custrecord_pp_evt_id',
  type: 'custrecord_pp_evt_type',
  config: 'custrecord_pp_evt_config',
  created: 'custrecord_pp_evt_created',
  status: 'custrecord_pp_evt_status',
  attempts: 'custrecord_pp_evt_attempts',
  nextTry: 'custrecord_pp_evt_next_try',
  error: 'custrecord_pp_evt_error',
  customer: 'custrecord_pp_evt_customer',
  payload: 'custrecord_pp_evt_payload',
} as const;

export const SYNC_LOG = {
  customer: 'custrecord_pp_sl_customer',
  source: 'custrecord_pp_sl_source',
  config: 'custrecord_pp_sl_config',
  stripeId: 'custrecord_pp_sl_stripe_id',
  outcome: 'custrecord_pp_sl_outcome',
  message: 'custrecord_pp_sl_message',
} as const;

export const LINK = {
  customer: 'custrecord_pp_link_customer',
  config: 'custrecord_pp_link_config',
  stripeId: 'custrecord_pp_link_stripe_id',
  defaultPm: 'custrecord_pp_link_default_pm',
  defaultPmId: 'custrecord_pp_link_default_pm_id',
  syncHash: 'custrecord_pp_link_sync_hash',
  defaultPmAt: 'custrecord_pp_link_default_pm_at',
  lastSync: 'custrecord_pp_link_last_sync',
} as const;

export const CUSTOMER = {
  stripeId: 'custentity_pp_stripe_customer_id',
  defaultPm: 'custentity_pp_default_pm',
  defaultPmId: 'custentity_pp_default_pm_id',
  portalUrl: 'custentity_pp_portal_url',
  lastSync: 'custentity_pp_last_sync',
  syncHash: 'custentity_pp_sync_hash',
  defaultPmAt: 'custentity_pp_default_pm_at',
  autopay: 'custentity_pp_autopay',
} as const;

export const SCRIPT = {
  ueCustomer: { scriptId: 'customscript_pp_ue_customer', deploymentId: 'customdeploy_pp_ue_customer' },
  csCustomer: { scriptId: 'customscript_pp_cs_customer' },
  slSync: { scriptId: 'customscript_pp_sl_sync', deploymentId: 'customdeploy_pp_sl_sync' },
  mrCustSync: { scriptId: 'customscript_pp_mr_custsync', deploymentId: 'customdeploy_pp_mr_custsync' },
  mrDefPm: { scriptId: 'customscript_pp_mr_defpm', deploymentId: 'customdeploy_pp_mr_defpm' },
  slWebhook: { scriptId: 'customscript_pp_sl_webhook', deploymentId: 'customdeploy_pp_sl_webhook' },
  ueConfig: { scriptId: 'customscript_pp_ue_config', deploymentId: 'customdeploy_pp_ue_config' },
  mrEvents: { scriptId: 'customscript_pp_mr_events', deploymentId: 'customdeploy_pp_mr_events' },
  slPortal: { scriptId: 'customscript_pp_sl_portal', deploymentId: 'customdeploy_pp_sl_portal' },
  slPay: { scriptId: 'customscript_pp_sl_pay', deploymentId: 'customdeploy_pp_sl_pay' },
  ueInvoice: { scriptId: 'customscript_pp_ue_invoice', deploymentId: 'customdeploy_pp_ue_invoice' },
  mrPayments: { scriptId: 'customscript_pp_mr_payments', deploymentId: 'customdeploy_pp_mr_payments' },
  uePayoutBank: { scriptId: 'customscript_pp_ue_payout_bank', deploymentId: 'customdeploy_pp_ue_payout_bank' },
  csInvoice: { scriptId: 'customscript_pp_cs_invoice' },
  slCharge: { scriptId: 'customscript_pp_sl_charge', deploymentId: 'customdeploy_pp_sl_charge' },
  mrAutopay: { scriptId: 'customscript_pp_mr_autopay', deploymentId: 'customdeploy_pp_mr_autopay' },
} as const;

/** Where the client module lives in the File Cabinet (set on the form that shows the button). */
export const CLIENT_MODULE_PATH = '/SuiteScripts/PayPack/pp_cs_customer.js';
/** The invoice's client module (the Charge Card button). */
export const INVOICE_CLIENT_MODULE_PATH = '/SuiteScripts/PayPack/pp_cs_invoice.js';
