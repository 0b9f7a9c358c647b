/**
 * @NApiVersion 2.1
 * @NScriptType MapReduceScript
 * @NModuleScope SameAccount
 */
define(['exports', 'N/log', 'N/cache', 'N/search', 'N/https', 'N/runtime', 'N/record'], (function (exports, log, cache, search, https, runtime, record) { 'use strict';

    function retrieveCustomer(client, id, expand = []) {
        return client.get(`/v1/customers/${encodeURIComponent(id)}`, expand.length ? { expand } : {});
    }

    const BRANDS = {
        visa: 'Visa', mastercard: 'Mastercard', amex: 'American Express', american_express: 'American Express', discover: 'Discover',
        diners: 'Diners Club', jcb: 'JCB', unionpay: 'UnionPay', cartes_bancaires: 'Cartes Bancaires', eftpos_au: 'eftpos', interac: 'Interac',
    };
    function brand(name) {
        if (!name)
            return 'Card';
        const key = name.toLowerCase().replace(/\s+/g, '_');
        return BRANDS[key] || name.charAt(0).toUpperCase() + name.slice(1);
    }
    function expiry(month, year) {
        return month && year ? ` (exp ${String(month).padStart(2, '0')}/${year})` : '';
    }
    /** `Visa •••• 4242 (exp 08/2027)`, `US bank account •••• 6789 (Chase)`, `SEPA Direct Debit •••• 3000`, `Link (a@b.c)`, else the type name. */
    function summarizePaymentMethod(pm) {
        var _a, _b;
        switch (pm.type) {
            case 'card':
                return pm.card ? `${brand(pm.card.brand)} •••• ${pm.card.last4}${expiry(pm.card.exp_month, pm.card.exp_year)}` : 'Card';
            case 'us_bank_account': {
                const b = pm.us_bank_account;
                return `US bank account${(b === null || b === void 0 ? void 0 : b.last4) ? ` •••• ${b.last4}` : ''}${(b === null || b === void 0 ? void 0 : b.bank_name) ? ` (${b.bank_name})` : ''}`;
            }
            case 'sepa_debit':
                return `SEPA Direct Debit${((_a = pm.sepa_debit) === null || _a === void 0 ? void 0 : _a.last4) ? ` •••• ${pm.sepa_debit.last4}` : ''}`;
            case 'link':
                return `Link${((_b = pm.link) === null || _b === void 0 ? void 0 : _b.email) ? ` (${pm.link.email})` : ''}`;
            default:
                return pm.type;
        }
    }
    function summarizeSource(src) {
        if (src.object === 'card')
            return `${brand(src.brand)} •••• ${src.last4}${expiry(src.exp_month, src.exp_year)}`;
        if (src.object === 'bank_account')
            return `Bank account${src.last4 ? ` •••• ${src.last4}` : ''}${src.bank_name ? ` (${src.bank_name})` : ''}`;
        return src.object;
    }
    /**
     * The default: invoice_settings.default_payment_method, else the legacy default_source, else none.
     * The customer must come with both expanded (retrieve with expand[]).
     */
    function defaultPaymentMethod(customer) {
        var _a;
        const pm = (_a = customer.invoice_settings) === null || _a === void 0 ? void 0 : _a.default_payment_method;
        if (pm && typeof pm === 'object')
            return { id: pm.id, summary: summarizePaymentMethod(pm) };
        const src = customer.default_source;
        if (src && typeof src === 'object')
            return { id: src.id, summary: summarizeSource(src) };
        return null;
    }
    const DEFAULT_PM_EXPAND = ['invoice_settings.default_payment_method', 'default_source'];

    function refreshDefaultPm(ports, work, nowSeconds) {
        const customer = retrieveCustomer(ports.stripe(work.config), work.stripeId, DEFAULT_PM_EXPAND);
        if (customer.deleted) {
            ports.unlink(work, nowSeconds);
            return 'unlinked';
        }
        const pm = defaultPaymentMethod(customer) || { id: '', summary: '' };
        if (pm.id === work.pmId && pm.summary === work.pmSummary)
            return 'unchanged';
        ports.writeDefault(work, { pmId: pm.id, summary: pm.summary, at: Math.max(nowSeconds, work.pmAt) });
        return 'changed';
    }

    function encode(s) {
        return encodeURIComponent(s).replace(/%20/g, '+');
    }
    function encodeForm(params) {
        const parts = [];
        const walk = (prefix, value) => {
            if (value === undefined)
                return;
            if (value === null) {
                parts.push(`${encode(prefix)}=`);
                return;
            }
            if (Array.isArray(value)) {
                value.forEach((v, i) => walk(`${prefix}[${i}]`, v));
                return;
            }
            if (typeof value === 'object') {
                for (const k of Object.keys(value))
                    walk(`${prefix}[${k}]`, value[k]);
                return;
            }
            parts.push(`${encode(prefix)}=${encode(String(value))}`);
        };
        for (const k of Object.keys(params))
            walk(k, params[k]);
        return parts.join('&');
    }

    /**
     * The Stripe API client over a transport port (N/https in NetSuite, anything in tests).
     * Retries 429, 5xx and network failures with backoff while the caller can afford another call;
     * never retries other 4xx. Every POST carries an Idempotency-Key, so a retry never acts twice.
     */
    /** The Stripe API version the bundle is written for, pinned on every request and on the webhook endpoint. */
    const STRIPE_API_VERSION = '2025-09-30.clover';
    /** Thrown by a transport when no HTTP answer came back (connection refused, timeout). */
    class TransportFailure extends Error {
        constructor(message) {
            super(message);
            this.name = 'TransportFailure';
        }
    }
    class StripeError extends Error {
        constructor(message, status, type, code, param, requestId) {
            super(message);
            this.status = status;
            this.type = type;
            this.code = code;
            this.param = param;
            this.requestId = requestId;
            this.name = 'StripeError';
        }
        /** Stripe's own words plus its code, for logs and sync log rows. */
        describe() {
            const bits = [this.code, this.param ? `param ${this.param}` : undefined, this.requestId].filter(Boolean);
            return `${this.message}${bits.length ? ` (${bits.join(', ')})` : ''}`;
        }
    }
    const NO_RETRY = { maxRetries: 0, sleep: () => undefined, canAffordRequest: () => true };
    function headerValue(headers, name) {
        const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
        return key === undefined ? undefined : headers[key];
    }
    function backoffMs(retry) {
        // 0.5 s, 1 s, 2 s, ... capped at 5 s, as Stripe's own libraries do
        return Math.min(5000, 500 * 2 ** (retry - 1));
    }
    class StripeClient {
        constructor(transport, retry = NO_RETRY) {
            this.transport = transport;
            this.retry = retry;
            /** Requests sent (attempts, including retries): the cost the bundle reports. */
            this.requests = 0;
        }
        get(path, query = {}) {
            const q = encodeForm(query);
            return this.request({ method: 'GET', path: q ? `${path}?${q}` : path, headers: {} });
        }
        post(path, params, idempotencyKey) {
            return this.request({
                method: 'POST', path, body: encodeForm(params),
                headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Idempotency-Key': idempotencyKey },
            });
        }
        del(path) {
            return this.request({ method: 'DELETE', path, headers: {} });
        }
        request(req) {
            req.headers['Stripe-Version'] = STRIPE_API_VERSION;
            for (let attempt = 0;; attempt++) {
                let res;
                try {
                    this.requests++;
                    res = this.transport.send(req);
                }
                catch (e) {
                    if (e instanceof TransportFailure && this.mayRetry(attempt)) {
                        this.retry.sleep(backoffMs(attempt + 1));
                        continue;
                    }
                    if (e instanceof TransportFailure)
                        throw new StripeError(`Stripe could not be reached: ${e.message}`, 0, 'connection_error', 'network_error');
                    throw e;
                }
                if (res.status >= 200 && res.status < 300)
                    return JSON.parse(res.body);
                const shouldRetry = headerValue(res.headers, 'stripe-should-retry');
                const retryable = shouldRetry === 'true' || (shouldRetry !== 'false' && (res.status === 429 || res.status === 409 || res.status >= 500));
                if (retryable && this.mayRetry(attempt)) {
                    this.retry.sleep(backoffMs(attempt + 1));
                    continue;
                }
                throw toStripeError(res);
            }
        }
        mayRetry(attempt) {
            return attempt < this.retry.maxRetries && this.retry.canAffordRequest();
        }
    }
    function toStripeError(res) {
        let err = {};
        try {
            err = JSON.parse(res.body).error || {};
        }
        catch {
            err = { message: `Stripe answered ${res.status} with a body that is not JSON` };
        }
        return new StripeError(err.message || `Stripe answered ${res.status}`, res.status, err.type || 'api_error', err.code, err.param, headerValue(res.headers, 'request-id'));
    }

    /** A-z parameter names with optional [key] segments: the way Stripe's form encoding names a parameter. */
    class MappingError extends Error {
        constructor(message) {
            super(message);
            this.name = 'MappingError';
        }
    }
    /** Columns of the built-in customer search used when a config names no sync search. */
    const DEFAULT_COLUMNS = [
        { name: 'email', label: 'email' },
        { name: 'altname', label: 'name' },
        { name: 'phone', label: 'phone' },
        { name: 'billaddress1', label: 'address[line1]' },
        { name: 'billaddress2', label: 'address[line2]' },
        { name: 'billcity', label: 'address[city]' },
        { name: 'billstate', label: 'address[state]' },
        { name: 'billzipcode', label: 'address[postal_code]' },
        { name: 'billcountrycode', label: 'address[country]' },
    ];

    class ConfigError extends Error {
        constructor(message) {
            super(message);
            this.name = 'ConfigError';
        }
    }

    /**
     * Sync one NetSuite customer into one Stripe account. Lookup order: the linked Stripe customer
     * id, then the sync field (email: Stripe's exact email list; other fields: metadata), then create.
     * A filled id always wins; a customer whose values did not change costs no Stripe call.
     */
    class SyncError extends Error {
        constructor(message, stripeCustomerId = '', cause) {
            super(message);
            this.stripeCustomerId = stripeCustomerId;
            this.cause = cause;
            this.name = 'SyncError';
        }
    }
    /** A readable message for any failure, with Stripe's code; never the key. */
    function describeFailure(e, secretId) {
        var _a;
        if (e instanceof SyncError || e instanceof MappingError || e instanceof ConfigError)
            return e.message;
        if (e instanceof StripeError) {
            if (e.status === 401)
                return `Stripe refused the API key in API secret ${secretId} (401). Put a valid Stripe secret key for this account in that API secret (Setup > Company > API Secrets).`;
            if (e.status === 403)
                return `The Stripe key in API secret ${secretId} may not do this (403): ${e.message} Give the restricted key write access to Customers and Customer portal.`;
            if (e.status === 0 || e.status === 429 || e.status >= 500)
                return `Stripe did not answer in time (${e.describe()}). Nothing was lost: the next mass sync retries, or click PayPack Sync again.`;
            return `Stripe refused the request: ${e.describe()}`;
        }
        const name = e === null || e === void 0 ? void 0 : e.name;
        const message = (_a = e === null || e === void 0 ? void 0 : e.message) !== null && _a !== void 0 ? _a : String(e);
        if (name === 'INVALID_SECRET_KEY' || name === 'SSS_SECRET_DOMAIN_RESTRICTED') {
            return `The API secret ${secretId} named by the PayPack Config cannot be used: ${message} Create it under Setup > Company > API Secrets, allow the PayPack scripts and the domain api.stripe.com.`;
        }
        return `${name ? `${name}: ` : ''}${message}`;
    }
    /** Failures PayPack reports and logs; anything else (a governance limit) is NetSuite's to handle. */
    function isExpectedFailure(e) {
        const name = e === null || e === void 0 ? void 0 : e.name;
        return e instanceof SyncError || e instanceof MappingError || e instanceof ConfigError || name === 'StripeError'
            || name === 'INVALID_SECRET_KEY' || name === 'SSS_SECRET_DOMAIN_RESTRICTED';
    }

    /** The fixed object ids of the bundle (DESIGN.md, "The contract"). Admins, searches and templates depend on them. */
    const RECORD = {
        config: 'customrecord_pp_config',
        syncLog: 'customrecord_pp_sync_log',
        customerLink: 'customrecord_pp_customer_link',
    };
    const CONFIG = {
        subsidiaries: 'custrecord_pp_cfg_subsidiaries',
        secret: 'custrecord_pp_cfg_secret',
        syncField: 'custrecord_pp_cfg_sync_field',
        syncSearch: 'custrecord_pp_cfg_sync_search',
        massSearch: 'custrecord_pp_cfg_mass_search',
        defaultPmSearch: 'custrecord_pp_cfg_defpm_search',
        autoSync: 'custrecord_pp_cfg_autosync',
        webhookEnabled: 'custrecord_pp_cfg_webhook_enabled',
        webhookId: 'custrecord_pp_cfg_webhook_id',
        webhookSecret: 'custrecord_pp_cfg_webhook_secret',
        portalReturnUrl: 'custrecord_pp_cfg_portal_return_url',
        webhookStatus: 'custrecord_pp_cfg_webhook_status',
        webhookNewSecret: 'custrecord_pp_cfg_webhook_new_secret',
    };
    const SYNC_LOG = {
        customer: 'custrecord_pp_sl_customer',
        source: 'custrecord_pp_sl_source',
        config: 'custrecord_pp_sl_config',
        stripeId: 'custrecord_pp_sl_stripe_id',
        outcome: 'custrecord_pp_sl_outcome',
        message: 'custrecord_pp_sl_message',
    };
    const LINK = {
        customer: 'custrecord_pp_link_customer',
        config: 'custrecord_pp_link_config',
        stripeId: 'custrecord_pp_link_stripe_id',
        defaultPm: 'custrecord_pp_link_default_pm',
        defaultPmId: 'custrecord_pp_link_default_pm_id',
        syncHash: 'custrecord_pp_link_sync_hash',
        defaultPmAt: 'custrecord_pp_link_default_pm_at'};
    const CUSTOMER = {
        stripeId: 'custentity_pp_stripe_customer_id',
        defaultPm: 'custentity_pp_default_pm',
        defaultPmId: 'custentity_pp_default_pm_id',
        portalUrl: 'custentity_pp_portal_url',
        syncHash: 'custentity_pp_sync_hash',
        defaultPmAt: 'custentity_pp_default_pm_at',
    };

    /** Reading PayPack Config records (cached: every sync needs them, they rarely change). */
    const CACHE$1 = { name: 'paypack', scope: cache.Scope.PROTECTED };
    const CONFIGS_KEY = 'configs';
    /** Configs change only through the config record, whose user event forgets this entry: keep it a day. */
    const TTL_SECONDS$1 = 86400;
    function readConfigs() {
        const columns = ['name', ...Object.values(CONFIG).filter((f) => f !== CONFIG.webhookSecret)];
        const rows = search.create({ type: RECORD.config, filters: [['isinactive', 'is', 'F']], columns }).run().getRange({ start: 0, end: 1000 });
        return rows.map((r) => {
            const text = (f) => { var _a; return String((_a = r.getValue(f)) !== null && _a !== void 0 ? _a : '').trim(); };
            const subs = r.getValue(CONFIG.subsidiaries);
            return {
                id: r.id,
                name: text('name') || `PayPack Config ${r.id}`,
                subsidiaries: String(subs !== null && subs !== void 0 ? subs : '').split(',').map((x) => x.trim()).filter(Boolean),
                secretId: text(CONFIG.secret),
                syncField: text(CONFIG.syncField) || 'email',
                syncSearchId: text(CONFIG.syncSearch),
                massSearchId: text(CONFIG.massSearch),
                defaultPmSearchId: text(CONFIG.defaultPmSearch),
                autoSync: r.getValue(CONFIG.autoSync) === true || r.getValue(CONFIG.autoSync) === 'T',
                webhookEnabled: r.getValue(CONFIG.webhookEnabled) === true || r.getValue(CONFIG.webhookEnabled) === 'T',
                webhookId: text(CONFIG.webhookId),
                portalReturnUrl: text(CONFIG.portalReturnUrl),
            };
        });
    }
    function loadConfigs() {
        const raw = cache.getCache(CACHE$1).get({ key: CONFIGS_KEY, loader: () => JSON.stringify(readConfigs()), ttl: TTL_SECONDS$1 });
        return JSON.parse(raw || '[]');
    }

    /** Customer values through the configured saved searches (their labelled columns name the Stripe fields). */
    const CACHE = { name: 'paypack', scope: cache.Scope.PROTECTED };
    const TTL_SECONDS = 300;
    /** The built-in search used when a config names none: active customers, the usual contact fields. */
    const DEFAULT_SEARCH = {
        id: '(PayPack default)', type: 'customer', columns: DEFAULT_COLUMNS, filterExpression: [['isinactive', 'is', 'F']],
    };
    /** A saved search's definition, cached for five minutes (search.load costs 5 units a time). */
    function searchDefinition(searchId) {
        if (!searchId)
            return DEFAULT_SEARCH;
        const raw = cache.getCache(CACHE).get({
            key: `search:${searchId}`,
            ttl: TTL_SECONDS,
            loader: () => {
                const s = search.load({ id: searchId });
                const columns = s.columns.map((c) => ({ name: c.name, join: c.join || undefined, label: c.label || undefined, formula: c.formula || undefined, summary: c.summary || undefined }));
                return JSON.stringify({ id: searchId, type: s.searchType, columns, filterExpression: s.filterExpression });
            },
        });
        return JSON.parse(raw);
    }
    function toColumns(defs) {
        return defs.map((d) => search.createColumn({ name: d.name, join: d.join, label: d.label, formula: d.formula, summary: d.summary }));
    }
    function withFilter(def, extra) {
        return def.filterExpression && def.filterExpression.length ? [def.filterExpression, 'AND', extra] : [extra];
    }

    /** The default payment method refresh's work list: customers of each config's default PM search, and its customer links. */
    const COLUMNS = [{ name: CUSTOMER.stripeId }, { name: CUSTOMER.defaultPmId }, { name: CUSTOMER.defaultPm }, { name: CUSTOMER.defaultPmAt }];
    function defaultPmWork(configs) {
        const work = [];
        for (const config of configs) {
            const cfg = { id: config.id, name: config.name, secretId: config.secretId };
            const def = config.defaultPmSearchId ? searchDefinition(config.defaultPmSearchId) : { type: 'customer', filterExpression: [['isinactive', 'is', 'F']] };
            const cols = toColumns(COLUMNS);
            const subsidiaryFilter = config.subsidiaries.length ? ['subsidiary', 'anyof', ...config.subsidiaries] : ['internalid', 'noneof', '@NONE@'];
            const paged = search.create({ type: def.type, filters: withFilter(def, [[CUSTOMER.stripeId, 'isnotempty', ''], 'AND', subsidiaryFilter]), columns: cols }).runPaged({ pageSize: 1000 });
            for (const range of paged.pageRanges) {
                for (const r of paged.fetch({ index: range.index }).data) {
                    work.push({
                        kind: 'customer', recordId: r.id, customerId: r.id, config: cfg,
                        stripeId: String(r.getValue(cols[0]) || ''), pmId: String(r.getValue(cols[1]) || ''), pmSummary: String(r.getValue(cols[2]) || ''), pmAt: Number(r.getValue(cols[3]) || 0),
                    });
                }
            }
            const links = search.create({
                type: RECORD.customerLink,
                filters: [[LINK.config, 'anyof', config.id], 'AND', [LINK.stripeId, 'isnotempty', ''], 'AND', ['isinactive', 'is', 'F']],
                columns: [LINK.customer, LINK.stripeId, LINK.defaultPmId, LINK.defaultPm, LINK.defaultPmAt],
            }).runPaged({ pageSize: 1000 });
            for (const range of links.pageRanges) {
                for (const l of links.fetch({ index: range.index }).data) {
                    work.push({
                        kind: 'link', recordId: l.id, customerId: String(l.getValue(LINK.customer)), config: cfg, stripeId: String(l.getValue(LINK.stripeId)),
                        pmId: String(l.getValue(LINK.defaultPmId) || ''), pmSummary: String(l.getValue(LINK.defaultPm) || ''), pmAt: Number(l.getValue(LINK.defaultPmAt) || 0),
                    });
                }
            }
        }
        return work;
    }

    /** The Stripe client in NetSuite: N/https with the secret key injected from an API secret. */
    const STRIPE_API_BASE = 'https://api.stripe.com';
    /** SuiteScript errors that mean no HTTP answer arrived. */
    const NO_ANSWER = new Set(['SSS_CONNECTION_TIME_OUT', 'SSS_REQUEST_TIME_EXCEEDED', 'SSS_CONNECTION_CLOSED', 'SSS_CONNECTION_REFUSED', 'SSS_UNKNOWN_HOST']);
    /** Units one https call costs, and what a sync must keep for its write-back and failure log. */
    const HTTPS_UNITS = 10;
    const RESERVE_UNITS = 20;
    /** Waiting between retries. SuiteScript has no timer, so the wait is a short busy loop (it costs no units). */
    const timing = {
        sleep(ms) {
        },
    };
    class HttpsTransport {
        constructor(secretId) {
            this.secretId = secretId;
        }
        send(req) {
            const headers = {
                ...req.headers,
                // the script never sees the key: NetSuite fills it in from the API secret when sending
                Authorization: https.createSecureString({ input: `Bearer {${this.secretId}}` }),
            };
            try {
                const res = https.request({ method: req.method, url: `${STRIPE_API_BASE}${req.path}`, headers: headers, body: req.body });
                return { status: res.code, headers: res.headers, body: res.body };
            }
            catch (e) {
                const name = e.name || '';
                if (NO_ANSWER.has(name))
                    throw new TransportFailure(`${name}: ${e.message}`);
                throw e;
            }
        }
    }
    function stripeClient(secretId) {
        return new StripeClient(new HttpsTransport(secretId), {
            maxRetries: 3,
            sleep: (ms) => timing.sleep(),
            canAffordRequest: () => runtime.getCurrentScript().getRemainingUsage() >= HTTPS_UNITS + RESERVE_UNITS,
        });
    }

    /** Writes of a sync: the customer's own fields, customer link records, sync log rows. */
    /** One sync log row (6 units): a failed sync, or a mass sync run's summary. */
    function writeSyncLog(entry) {
        const rec = record.create({ type: RECORD.syncLog });
        if (entry.customerId)
            rec.setValue({ fieldId: SYNC_LOG.customer, value: entry.customerId });
        rec.setValue({ fieldId: SYNC_LOG.source, value: entry.source });
        if (entry.configId)
            rec.setValue({ fieldId: SYNC_LOG.config, value: entry.configId });
        if (entry.stripeId)
            rec.setValue({ fieldId: SYNC_LOG.stripeId, value: entry.stripeId });
        rec.setValue({ fieldId: SYNC_LOG.outcome, value: entry.outcome });
        rec.setValue({ fieldId: SYNC_LOG.message, value: entry.message.slice(0, 4000) });
        rec.save();
    }

    /** NetSuite side of the webhook: the endpoint's config, the event log, and where default payment methods are shown. */
    ({ scope: cache.Scope.PROTECTED });
    function writeDefault(target, value) {
        if (target.kind === 'customer') {
            record.submitFields({ type: 'customer', id: target.recordId, values: { [CUSTOMER.defaultPm]: value.summary, [CUSTOMER.defaultPmId]: value.pmId, [CUSTOMER.defaultPmAt]: String(value.at) } });
        }
        else {
            record.submitFields({ type: RECORD.customerLink, id: target.recordId, values: { [LINK.defaultPm]: value.summary, [LINK.defaultPmId]: value.pmId, [LINK.defaultPmAt]: String(value.at) } });
        }
    }
    function unlink(target, at) {
        if (target.kind === 'customer') {
            record.submitFields({ type: 'customer', id: target.recordId, values: {
                    [CUSTOMER.stripeId]: '', [CUSTOMER.defaultPm]: '', [CUSTOMER.defaultPmId]: '', [CUSTOMER.portalUrl]: '', [CUSTOMER.syncHash]: '', [CUSTOMER.defaultPmAt]: String(at),
                } });
        }
        else {
            record.submitFields({ type: RECORD.customerLink, id: target.recordId, values: {
                    [LINK.stripeId]: '', [LINK.defaultPm]: '', [LINK.defaultPmId]: '', [LINK.syncHash]: '', [LINK.defaultPmAt]: String(at),
                } });
        }
    }

    const config = { retryCount: 0, exitOnError: false };
    function getInputData() {
        return defaultPmWork(loadConfigs());
    }
    function map(context) {
        const work = JSON.parse(context.value);
        try {
            const outcome = refreshDefaultPm({ stripe: (c) => stripeClient(c.secretId), writeDefault, unlink }, work, Math.floor(Date.now() / 1000));
            context.write({ key: outcome, value: work.customerId });
        }
        catch (e) {
            if (!isExpectedFailure(e))
                throw e;
            writeSyncLog({ customerId: work.customerId, source: 'mass', configId: work.config.id, stripeId: work.stripeId, outcome: 'failed', message: `Default payment method refresh: ${describeFailure(e, work.config.secretId)}` });
            context.write({ key: 'failed', value: work.customerId });
        }
    }
    function summarize(summary) {
        const counts = { changed: 0, unchanged: 0, unlinked: 0, failed: 0 };
        summary.output.iterator().each((key) => { counts[key] = (counts[key] || 0) + 1; return true; });
        summary.mapSummary.errors.iterator().each((key, err) => { counts.failed++; log.error({ title: `PayPack default payment method ${key} stopped`, details: err }); return true; });
        log.audit({ title: 'PayPack default payment method refresh', details: `changed ${counts.changed}, unchanged ${counts.unchanged}, unlinked ${counts.unlinked}, failed ${counts.failed}; ${summary.usage} units` });
    }

    exports.config = config;
    exports.getInputData = getInputData;
    exports.map = map;
    exports.summarize = summarize;

    Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });

}));
