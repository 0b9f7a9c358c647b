/**
 * @NApiVersion 2.1
 * @NScriptType MapReduceScript
 * @NModuleScope SameAccount
 */
define(['exports', 'N/log', 'N/search', 'N/cache', 'N/record', 'N/https', 'N/runtime'], (function (exports, log, search, cache, record, https, runtime) { 'use strict';

    /** The fixed object ids of the bundle (DESIGN.md, "The contract"). Admins, searches and templates depend on them. */
    const RECORD = {
        config: 'customrecord_pp_config',
        webhook: 'customrecord_pp_webhook',
        event: 'customrecord_pp_event',
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
    const EVENT = {
        id: 'custrecord_pp_evt_id',
        type: 'custrecord_pp_evt_type',
        config: 'custrecord_pp_evt_config',
        created: 'custrecord_pp_evt_created',
        status: 'custrecord_pp_evt_status',
        attempts: 'custrecord_pp_evt_attempts',
        error: 'custrecord_pp_evt_error',
        customer: 'custrecord_pp_evt_customer',
        payload: 'custrecord_pp_evt_payload',
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
        lastSync: 'custentity_pp_last_sync',
        syncHash: 'custentity_pp_sync_hash',
        defaultPmAt: 'custentity_pp_default_pm_at',
    };

    /** Which failed or pending Stripe events the retry job takes now: backoff doubles per attempt, up to a limit. */
    const MAX_EVENT_ATTEMPTS = 8;
    /** Minutes to wait after attempt n before the next: 1, 2, 4, ... 64. */
    function retryDelayMinutes(attempts) {
        return Math.min(64, 2 ** Math.max(0, attempts - 1));
    }
    function isDueForRetry(event, now) {
        if (event.status !== 'failed' && event.status !== 'pending')
            return false;
        if (event.attempts >= MAX_EVENT_ATTEMPTS)
            return false;
        if (event.status === 'pending' && event.attempts === 0)
            return now.getTime() - event.lastTriedAt.getTime() >= 60000;
        return now.getTime() - event.lastTriedAt.getTime() >= retryDelayMinutes(event.attempts) * 60000;
    }

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
    /** The default's id as the customer object names it, expanded or not. */
    function defaultPaymentMethodId(customer) {
        var _a;
        const pm = (_a = customer.invoice_settings) === null || _a === void 0 ? void 0 : _a.default_payment_method;
        if (pm)
            return typeof pm === 'string' ? pm : pm.id;
        const src = customer.default_source;
        if (src)
            return typeof src === 'string' ? src : src.id;
        return '';
    }

    /** The events PayPack subscribes the endpoint to, and handles. */
    const HANDLED_EVENTS = [
        'customer.created', 'customer.updated', 'customer.deleted',
        'payment_method.attached', 'payment_method.detached', 'payment_method.updated', 'payment_method.automatically_updated',
    ];
    function isStripeEvent(x) {
        const e = x;
        return !!e && typeof e === 'object' && typeof e.id === 'string' && e.id.startsWith('evt_') && typeof e.type === 'string'
            && typeof e.created === 'number' && !!e.data && typeof e.data.object === 'object';
    }
    function stripeCustomerOf(event) {
        var _a;
        const obj = event.data.object;
        if (event.type.startsWith('customer.'))
            return String(obj.id || '');
        const owner = obj.customer || ((_a = event.data.previous_attributes) === null || _a === void 0 ? void 0 : _a.customer);
        return typeof owner === 'string' ? owner : '';
    }
    /** Write the default only if it differs from what NetSuite shows. */
    function write(ports, target, pm, at) {
        const next = pm || { id: '', summary: '' };
        if (next.id === target.pmId && next.summary === target.pmSummary)
            return 'default payment method unchanged';
        ports.writeDefault(target, { pmId: next.id, summary: next.summary, at: Math.max(at, target.pmAt) });
        return next.id ? `default payment method is now ${next.summary}` : 'no default payment method any more: cleared';
    }
    function fromStripe(ports, target, at) {
        const customer = retrieveCustomer(ports.stripe, target.stripeId, DEFAULT_PM_EXPAND);
        if (customer.deleted) {
            ports.unlink(target, at);
            return `Stripe customer ${target.stripeId} was deleted: unlinked`;
        }
        return write(ports, target, defaultPaymentMethod(customer), at);
    }
    function applyEvent(ports, event) {
        var _a;
        if (!HANDLED_EVENTS.includes(event.type))
            return { status: 'ignored', note: `PayPack does not handle ${event.type} events.` };
        const stripeId = stripeCustomerOf(event);
        if (!stripeId)
            return { status: 'ignored', note: 'The event names no Stripe customer.' };
        const hint = event.type.startsWith('customer.') ? (_a = event.data.object.metadata) === null || _a === void 0 ? void 0 : _a.netsuite_customer_id : undefined;
        const target = ports.findTarget(stripeId, hint);
        if (!target)
            return { status: 'ignored', note: `No NetSuite customer is linked to Stripe customer ${stripeId}.` };
        const where = target.kind === 'customer' ? `customer ${target.customerId}` : `customer ${target.customerId} (customer link ${target.recordId})`;
        const done = (note) => ({ status: 'processed', note: `${where}: ${note}.`, customerId: target.customerId });
        if (event.created < target.pmAt) {
            return done(`event from ${new Date(event.created * 1000).toISOString()} is older than the state already applied (${new Date(target.pmAt * 1000).toISOString()}); nothing written`);
        }
        switch (event.type) {
            case 'customer.deleted':
                ports.unlink(target, event.created);
                return done(`Stripe customer ${stripeId} was deleted: STRIPE CUSTOMER ID and default payment method cleared`);
            case 'customer.created':
            case 'customer.updated': {
                const payloadDefault = defaultPaymentMethodId(event.data.object);
                if (payloadDefault === target.pmId)
                    return done('default payment method unchanged');
                return done(fromStripe(ports, target, event.created));
            }
            case 'payment_method.updated':
            case 'payment_method.automatically_updated': {
                const pm = event.data.object;
                if (pm.id !== target.pmId)
                    return done(`payment method ${pm.id} is not the default; nothing to change`);
                return done(write(ports, target, { id: pm.id, summary: summarizePaymentMethod(pm) }, event.created));
            }
            default: // attached, detached: the default may have changed with it
                return done(fromStripe(ports, target, event.created));
        }
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

    /**
     * The webhook Suitelet's work: verify, record once, apply, and keep anything that failed for the
     * retry job. A Suitelet cannot choose its HTTP status, so PayPack's own event log, not Stripe's
     * redelivery, is what makes sure no event is lost.
     */
    /** Apply an event and record the outcome on its row. Never throws for a failure it can record. */
    function processEvent(ports, config, event, recordId, attempts) {
        let applied;
        try {
            applied = applyEvent(ports.eventPorts(config), event);
        }
        catch (e) {
            const note = describeFailure(e, config.secretId);
            ports.updateEvent(recordId, { status: 'failed', attempts, error: note });
            return { status: 'failed', note };
        }
        ports.updateEvent(recordId, { status: applied.status, attempts, error: applied.note, customerId: applied.customerId });
        ports.rememberDone(event.id);
        return { status: applied.status, note: applied.note };
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

    /** NetSuite side of the webhook: the endpoint's config, the event log, and where default payment methods are shown. */
    const DONE_CACHE = { name: 'paypack_events', scope: cache.Scope.PROTECTED };
    /** Stripe redelivers for up to 3 days: remember finished events about as long (best effort; the log decides). */
    const DONE_TTL_SECONDS = 3 * 86400;
    function single(v) {
        var _a;
        if (Array.isArray(v))
            return v.length ? String((_a = v[0].value) !== null && _a !== void 0 ? _a : v[0]) : '';
        return v === null || v === undefined ? '' : String(v);
    }
    /** One lookupFields (1 unit): the signing secret never leaves this adapter except into the verifier. */
    function endpointConfig(configId) {
        if (!/^\d+$/.test(configId))
            return undefined;
        let found;
        try {
            found = search.lookupFields({ type: RECORD.config, id: configId, columns: ['name', 'isinactive', CONFIG.webhookSecret, CONFIG.secret] });
        }
        catch {
            return undefined;
        }
        if (found.isinactive === true || !found[CONFIG.webhookSecret])
            return undefined;
        return { id: configId, name: single(found.name), signingSecret: single(found[CONFIG.webhookSecret]), secretId: single(found[CONFIG.secret]) };
    }
    function createEvent(row) {
        const rec = record.create({ type: RECORD.event });
        // the external id makes the event id unique: a concurrent redelivery cannot make a second row
        rec.setValue({ fieldId: 'externalid', value: row.eventId });
        rec.setValue({ fieldId: EVENT.id, value: row.eventId });
        rec.setValue({ fieldId: EVENT.type, value: row.type });
        rec.setValue({ fieldId: EVENT.config, value: row.configId });
        rec.setValue({ fieldId: EVENT.created, value: new Date(row.created * 1000) });
        rec.setValue({ fieldId: EVENT.status, value: row.status });
        rec.setValue({ fieldId: EVENT.attempts, value: row.attempts });
        rec.setValue({ fieldId: EVENT.payload, value: row.payload });
        try {
            return { recordId: String(rec.save()) };
        }
        catch (e) {
            if (e.name === 'DUP_RCRD')
                return 'duplicate';
            throw e;
        }
    }
    function findEvent(eventId) {
        const r = search.create({ type: RECORD.event, filters: [[EVENT.id, 'is', eventId]], columns: [EVENT.status, EVENT.attempts] }).run().getRange({ start: 0, end: 1 })[0];
        return r ? { recordId: r.id, status: String(r.getValue(EVENT.status)), attempts: Number(r.getValue(EVENT.attempts) || 0) } : undefined;
    }
    function updateEvent(recordId, fields) {
        const values = {};
        if (fields.status !== undefined)
            values[EVENT.status] = fields.status;
        if (fields.attempts !== undefined)
            values[EVENT.attempts] = fields.attempts;
        if (fields.error !== undefined)
            values[EVENT.error] = fields.error.slice(0, 4000);
        if (fields.customerId)
            values[EVENT.customer] = fields.customerId;
        record.submitFields({ type: RECORD.event, id: recordId, values: values });
    }
    // ---- where the default payment method is shown -----------------------------------------------
    function customerTarget(customerId, v) {
        return {
            kind: 'customer', recordId: customerId, customerId, stripeId: single(v[CUSTOMER.stripeId]),
            pmId: single(v[CUSTOMER.defaultPmId]), pmSummary: single(v[CUSTOMER.defaultPm]), pmAt: Number(single(v[CUSTOMER.defaultPmAt]) || 0),
        };
    }
    const CUSTOMER_COLUMNS = [CUSTOMER.stripeId, CUSTOMER.defaultPmId, CUSTOMER.defaultPm, CUSTOMER.defaultPmAt];
    function findTarget(configId, stripeCustomerId, hintCustomerId) {
        if (hintCustomerId && /^\d+$/.test(hintCustomerId)) {
            try {
                const v = search.lookupFields({ type: 'customer', id: hintCustomerId, columns: CUSTOMER_COLUMNS });
                if (single(v[CUSTOMER.stripeId]) === stripeCustomerId)
                    return customerTarget(hintCustomerId, v);
            }
            catch {
                // the hinted customer is gone: search below
            }
        }
        const c = search.create({ type: 'customer', filters: [[CUSTOMER.stripeId, 'is', stripeCustomerId]], columns: CUSTOMER_COLUMNS }).run().getRange({ start: 0, end: 1 })[0];
        if (c)
            return customerTarget(c.id, Object.fromEntries(CUSTOMER_COLUMNS.map((k) => [k, c.getValue(k)])));
        const l = search.create({
            type: RECORD.customerLink,
            filters: [[LINK.stripeId, 'is', stripeCustomerId], 'AND', [LINK.config, 'anyof', configId]],
            columns: [LINK.customer, LINK.stripeId, LINK.defaultPmId, LINK.defaultPm, LINK.defaultPmAt],
        }).run().getRange({ start: 0, end: 1 })[0];
        if (!l)
            return undefined;
        return {
            kind: 'link', recordId: l.id, customerId: String(l.getValue(LINK.customer)), stripeId: String(l.getValue(LINK.stripeId)),
            pmId: String(l.getValue(LINK.defaultPmId) || ''), pmSummary: String(l.getValue(LINK.defaultPm) || ''), pmAt: Number(l.getValue(LINK.defaultPmAt) || 0),
        };
    }
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
    function eventPorts(config) {
        return {
            stripe: stripeClient(config.secretId),
            findTarget: (stripeId, hint) => findTarget(config.id, stripeId, hint),
            writeDefault,
            unlink,
        };
    }
    const receiverPorts = {
        endpointConfig,
        isKnownDone: (eventId) => cache.getCache(DONE_CACHE).get({ key: eventId }) === 'done',
        rememberDone: (eventId) => cache.getCache(DONE_CACHE).put({ key: eventId, value: 'done', ttl: DONE_TTL_SECONDS }),
        createEvent,
        findEvent,
        updateEvent,
        eventPorts,
        nowSeconds: () => Math.floor(Date.now() / 1000),
    };

    /** Failed and pending events whose backoff has passed. */
    function getInputData() {
        const now = new Date();
        const due = [];
        const paged = search.create({
            type: RECORD.event,
            filters: [[EVENT.status, 'anyof', 'failed', 'pending'], 'AND', [EVENT.attempts, 'lessthan', MAX_EVENT_ATTEMPTS]],
            columns: [EVENT.status, EVENT.attempts, EVENT.config, EVENT.payload, 'lastmodified'],
        }).runPaged({ pageSize: 1000 });
        for (const range of paged.pageRanges) {
            for (const r of paged.fetch({ index: range.index }).data) {
                const attempts = Number(r.getValue(EVENT.attempts) || 0);
                const last = r.getValue('lastmodified');
                if (!isDueForRetry({ status: String(r.getValue(EVENT.status)), attempts, lastTriedAt: last instanceof Date ? last : new Date(String(last)) }, now))
                    continue;
                due.push({ recordId: r.id, configId: String(r.getValue(EVENT.config)), attempts, payload: String(r.getValue(EVENT.payload) || '') });
            }
        }
        return due;
    }
    function map(context) {
        const due = JSON.parse(context.value);
        const config = endpointConfig(due.configId);
        let event;
        try {
            event = JSON.parse(due.payload);
        }
        catch {
            event = undefined;
        }
        if (!config || !isStripeEvent(event)) {
            updateEvent(due.recordId, { status: 'failed', attempts: MAX_EVENT_ATTEMPTS, error: !config ? `PayPack Config ${due.configId} has no webhook signing secret any more; the event cannot be applied.` : 'The stored payload is not a whole Stripe event (cut or damaged); it cannot be applied.' });
            context.write({ key: 'failed', value: due.recordId });
            return;
        }
        const out = processEvent(receiverPorts, config, event, due.recordId, due.attempts + 1);
        context.write({ key: out.status, value: due.recordId });
    }
    function summarize(summary) {
        const counts = {};
        summary.output.iterator().each((key) => { counts[key] = (counts[key] || 0) + 1; return true; });
        summary.mapSummary.errors.iterator().each((key, err) => { log.error({ title: `PayPack event retry ${key} stopped`, details: err }); return true; });
        log.audit({ title: 'PayPack event retry', details: Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ') || 'nothing due' });
    }

    exports.getInputData = getInputData;
    exports.map = map;
    exports.summarize = summarize;

    Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });

}));
