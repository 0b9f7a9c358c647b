/**
 * @NApiVersion 2.1
 * @NScriptType MapReduceScript
 * @NModuleScope SameAccount
 */
define(['exports', 'N/log', 'N/runtime', 'N/cache', 'N/search', 'N/record', 'N/https'], (function (exports, log, runtime, cache, search, record, https) { 'use strict';

    class ConfigError extends Error {
        constructor(message) {
            super(message);
            this.name = 'ConfigError';
        }
    }
    /** Every config that serves a subsidiary, for the mass sync (no error: a subsidiary without a config is skipped). */
    function configsBySubsidiary(configs) {
        return (subsidiaryId) => {
            const named = configs.filter((c) => c.subsidiaries.includes(subsidiaryId));
            const candidates = named.length ? named : configs.filter((c) => c.subsidiaries.length === 0);
            return candidates.length === 1 ? candidates[0] : undefined;
        };
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
        syncHash: 'custrecord_pp_link_sync_hash',
        lastSync: 'custrecord_pp_link_last_sync',
    };
    const CUSTOMER = {
        stripeId: 'custentity_pp_stripe_customer_id',
        portalUrl: 'custentity_pp_portal_url',
        lastSync: 'custentity_pp_last_sync',
        syncHash: 'custentity_pp_sync_hash'};

    /** A-z parameter names with optional [key] segments: the way Stripe's form encoding names a parameter. */
    const PARAM_LABEL = /^[a-z_]+(\[[A-Za-z0-9_.-]+\])*$/;
    const METADATA_VALUE_MAX = 500;
    const METADATA_KEY_MAX = 40;
    /** Parameters PayPack owns: a saved search column may not set them. */
    const RESERVED = new Set(['metadata[netsuite_customer_id]', 'metadata[netsuite_subsidiary_id]']);
    const EMAIL = /^[^\s@<>(),;:"[\]]+@[^\s@<>(),;:"[\]]+\.[^\s@<>(),;:"[\]]+$/;
    function isStripeParamLabel(label) {
        return !!label && PARAM_LABEL.test(label);
    }
    class MappingError extends Error {
        constructor(message) {
            super(message);
            this.name = 'MappingError';
        }
    }
    /** The text a column sends: select columns send their text when the value is an internal id. */
    function columnText(c) {
        const v = c.value;
        if (v === null || v === undefined)
            return '';
        if (Array.isArray(v))
            return v.map(String).join(', ');
        if (typeof v === 'boolean')
            return v ? 'true' : 'false';
        const s = String(v);
        if (c.text && /^\d+$/.test(s))
            return c.text;
        return s;
    }
    function setPath(params, label, value) {
        const keys = [label.slice(0, label.indexOf('[') < 0 ? undefined : label.indexOf('['))];
        const segment = /\[([^\]]+)\]/g;
        for (let m = segment.exec(label); m; m = segment.exec(label))
            keys.push(m[1]);
        let node = params;
        for (let i = 0; i < keys.length - 1; i++) {
            const k = keys[i];
            const nextIsIndex = /^\d+$/.test(keys[i + 1]);
            const holder = node;
            if (holder[k] === undefined || typeof holder[k] !== 'object' || holder[k] === null)
                holder[k] = nextIsIndex ? [] : {};
            node = holder[k];
        }
        node[keys[keys.length - 1]] = value;
    }
    /**
     * Map one customer's columns. Values go through unchanged but trimmed; an empty value is sent as
     * '' (Stripe then unsets it). Throws MappingError with what to fix when a value cannot go.
     */
    function mapColumns(columns, ctx) {
        const params = {};
        let syncValue = '';
        const who = `customer ${ctx.customerName} (internal id ${ctx.customerId})`;
        for (const c of columns) {
            const value = columnText(c).trim();
            if (c.field === ctx.syncField)
                syncValue = value;
            if (!isStripeParamLabel(c.label) || RESERVED.has(c.label))
                continue;
            if (c.label.startsWith('metadata[')) {
                const key = c.label.slice('metadata['.length, -1);
                if (key.length > METADATA_KEY_MAX) {
                    throw new MappingError(`Column "${c.label}" of saved search ${ctx.searchId} names a Stripe metadata key of ${key.length} characters; Stripe allows ${METADATA_KEY_MAX}. Shorten the column label.`);
                }
                if (value.length > METADATA_VALUE_MAX) {
                    throw new MappingError(`Column "${c.label}" of saved search ${ctx.searchId} holds ${value.length} characters for ${who}; Stripe metadata values hold at most ${METADATA_VALUE_MAX}. Shorten the value in NetSuite or send a shorter formula column.`);
                }
            }
            if (c.label === 'email' && value !== '' && !EMAIL.test(value)) {
                throw new MappingError(`The email "${value}" of ${who} is not a valid email address. Correct it on the customer and sync again.`);
            }
            setPath(params, c.label, value);
        }
        if (ctx.syncField === 'email') {
            const email = typeof params.email === 'string' ? params.email : syncValue;
            if (!email) {
                throw new MappingError(`${capitalize(who)} has no email, and email is the sync field that finds its Stripe customer. Enter an email on the customer (or fill STRIPE CUSTOMER ID) and sync again.`);
            }
            if (!EMAIL.test(email))
                throw new MappingError(`The email "${email}" of ${who} is not a valid email address. Correct it on the customer and sync again.`);
            syncValue = email;
        }
        else {
            if (!syncValue) {
                throw new MappingError(`${capitalize(who)} has no value in ${ctx.syncField}, the sync field that finds its Stripe customer. Fill it (or STRIPE CUSTOMER ID) and sync again, or add the field as a column of saved search ${ctx.searchId}.`);
            }
            if (syncValue.length > METADATA_VALUE_MAX)
                throw new MappingError(`The ${ctx.syncField} of ${who} is longer than Stripe metadata allows (${METADATA_VALUE_MAX}).`);
            setPath(params, `metadata[${ctx.syncField}]`, syncValue);
        }
        setPath(params, 'metadata[netsuite_customer_id]', ctx.customerId);
        setPath(params, 'metadata[netsuite_subsidiary_id]', ctx.subsidiaryId);
        return { params, syncValue };
    }
    /** On create, empty values mean nothing to unset: leave them out. */
    function withoutEmpty(params) {
        const out = {};
        for (const [k, v] of Object.entries(params)) {
            if (v === '' || v === null || v === undefined)
                continue;
            if (Array.isArray(v)) {
                const list = v.filter((x) => x !== '');
                if (list.length)
                    out[k] = list;
            }
            else if (typeof v === 'object') {
                const inner = withoutEmpty(v);
                if (Object.keys(inner).length)
                    out[k] = inner;
            }
            else
                out[k] = v;
        }
        return out;
    }
    function capitalize(s) {
        return s.charAt(0).toUpperCase() + s.slice(1);
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
    /** The same parameters always give the same text (sorted keys), for fingerprints and idempotency keys. */
    function canonicalParams(value) {
        if (value === null || value === undefined)
            return 'null';
        if (Array.isArray(value))
            return `[${value.map(canonicalParams).join(',')}]`;
        if (typeof value === 'object')
            return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalParams(value[k])}`).join(',')}}`;
        return JSON.stringify(String(value));
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

    function listCustomersByEmail(client, email) {
        return client.get('/v1/customers', { email, limit: 100 }).data;
    }
    /** Stripe's search can lag writes by up to a minute: use it only where idempotency covers the gap. */
    function searchCustomers(client, query) {
        return client.get('/v1/customers/search', { query, limit: 100 }).data;
    }
    function createCustomer(client, params, idempotencyKey) {
        return client.post('/v1/customers', params, idempotencyKey);
    }
    function updateCustomer(client, id, params, idempotencyKey) {
        return client.post(`/v1/customers/${encodeURIComponent(id)}`, params, idempotencyKey);
    }
    function createPortalSession(client, customer, returnUrl, idempotencyKey) {
        const params = { customer };
        if (returnUrl)
            params.return_url = returnUrl;
        return client.post('/v1/billing_portal/sessions', params, idempotencyKey);
    }
    /** Stripe's search query syntax for an exact value (quotes and backslashes escaped). */
    function searchValue(value) {
        return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
    }

    /**
     * SHA-256 and HMAC-SHA256 in plain TypeScript (FIPS 180-4, RFC 2104). N/crypto only takes HMAC
     * keys from API secrets, so fingerprints, idempotency keys and anything keyed by a value the
     * bundle stores itself are computed here.
     */
    const K = new Uint32Array([
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
        0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
        0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
        0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]);
    function utf8Bytes(text) {
        const out = [];
        for (let i = 0; i < text.length; i++) {
            let c = text.charCodeAt(i);
            if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
                const d = text.charCodeAt(i + 1);
                if (d >= 0xdc00 && d <= 0xdfff) {
                    c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
                    i++;
                }
            }
            if (c < 0x80)
                out.push(c);
            else if (c < 0x800)
                out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
            else if (c < 0x10000)
                out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
            else
                out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
        }
        return Uint8Array.from(out);
    }
    function sha256Bytes(data) {
        const h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
        const len = data.length;
        const padded = new Uint8Array(((len + 9 + 63) >> 6) << 6);
        padded.set(data);
        padded[len] = 0x80;
        const bits = len * 8;
        const view = new DataView(padded.buffer);
        view.setUint32(padded.length - 8, Math.floor(bits / 0x100000000));
        view.setUint32(padded.length - 4, bits >>> 0);
        const w = new Uint32Array(64);
        for (let off = 0; off < padded.length; off += 64) {
            for (let i = 0; i < 16; i++)
                w[i] = view.getUint32(off + i * 4);
            for (let i = 16; i < 64; i++) {
                const a = w[i - 15], b = w[i - 2];
                const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
                const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
                w[i] = (w[i - 16] + s0 + w[i - 7] + s1) >>> 0;
            }
            let [a, b, c, d, e, f, g, hh] = h;
            for (let i = 0; i < 64; i++) {
                const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
                const ch = (e & f) ^ (~e & g);
                const t1 = (hh + S1 + ch + K[i] + w[i]) >>> 0;
                const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
                const maj = (a & b) ^ (a & c) ^ (b & c);
                const t2 = (S0 + maj) >>> 0;
                hh = g;
                g = f;
                f = e;
                e = (d + t1) >>> 0;
                d = c;
                c = b;
                b = a;
                a = (t1 + t2) >>> 0;
            }
            h[0] += a;
            h[1] += b;
            h[2] += c;
            h[3] += d;
            h[4] += e;
            h[5] += f;
            h[6] += g;
            h[7] += hh;
        }
        const out = new Uint8Array(32);
        const ov = new DataView(out.buffer);
        for (let i = 0; i < 8; i++)
            ov.setUint32(i * 4, h[i]);
        return out;
    }
    function toHex(bytes) {
        let s = '';
        for (let i = 0; i < bytes.length; i++)
            s += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
        return s;
    }
    function sha256Hex(text) {
        return toHex(sha256Bytes(utf8Bytes(text)));
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
    /** What was sent, to whom: equal fingerprints mean there is nothing to send. */
    function fingerprint(configId, stripeId, params) {
        return sha256Hex(`${configId}|${stripeId}|${canonicalParams(params)}`).slice(0, 32);
    }
    function idempotencyKey(kind, req, extra) {
        // customer + config + the values: a retry or a racing sync sends the same key; new values a new one
        return `paypack-${kind}-${req.configId}-${req.customerId}-${sha256Hex(`${extra}|${canonicalParams(req.params)}`).slice(0, 40)}`;
    }
    const PORTAL_NOT_SET_UP = /default configuration has not been created|save your customer portal settings/i;
    function syncCustomer(stripe, req) {
        const who = `customer ${req.customerName} (internal id ${req.customerId})`;
        let outcome;
        let stripeId = req.linkedStripeId;
        if (stripeId) {
            const fp = fingerprint(req.configId, stripeId, req.params);
            if (fp === req.lastFingerprint && !req.portal)
                return { outcome: 'unchanged', stripeCustomerId: stripeId, fingerprint: fp, notes: [] };
            if (fp === req.lastFingerprint)
                outcome = 'unchanged';
            else {
                try {
                    updateCustomer(stripe, stripeId, req.params, idempotencyKey('update', req, stripeId));
                }
                catch (e) {
                    if (e instanceof StripeError && e.code === 'resource_missing') {
                        throw new SyncError(`Stripe has no customer ${stripeId}, the STRIPE CUSTOMER ID of ${who}: it was deleted, or it belongs to the other mode (test/live) than this config's key. Blank STRIPE CUSTOMER ID and sync again to link or create the right one.`, stripeId, e);
                    }
                    throw e;
                }
                outcome = 'updated';
            }
        }
        else {
            const found = findExisting(stripe, req, who);
            if (found) {
                stripeId = found.id;
                updateCustomer(stripe, stripeId, req.params, idempotencyKey('link', req, stripeId));
                outcome = 'linked';
            }
            else {
                stripeId = createCustomer(stripe, withoutEmpty(req.params), idempotencyKey('create', req, '')).id;
                outcome = 'created';
            }
        }
        const notes = [];
        let portalUrl;
        if (req.portal) {
            try {
                // a new key per sync: each sync should get a fresh session, a retry within it the same one
                portalUrl = createPortalSession(stripe, stripeId, req.portal.returnUrl, `paypack-portal-${req.configId}-${req.customerId}-${Date.now()}`).url;
            }
            catch (e) {
                if (!(e instanceof StripeError) || e.status >= 500 || e.status === 0)
                    throw e;
                notes.push(PORTAL_NOT_SET_UP.test(e.message)
                    ? 'Stripe has no customer portal set up yet, so no portal link was stored. Activate it in the Stripe Dashboard under Settings → Billing → Customer portal (save the settings once), then sync again.'
                    : `No customer portal link was stored: Stripe said "${e.message}".`);
            }
        }
        return { outcome, stripeCustomerId: stripeId, fingerprint: fingerprint(req.configId, stripeId, req.params), portalUrl, notes };
    }
    /** The sync field's Stripe customer: one carrying this NetSuite customer's id wins; one unclaimed is linked; several is an error. */
    function findExisting(stripe, req, who) {
        let candidates;
        if (req.syncField === 'email') {
            candidates = listCustomersByEmail(stripe, req.syncValue);
        }
        else {
            // search lags writes by up to a minute; a sync retried inside that minute is covered by the create's idempotency key
            candidates = searchCustomers(stripe, `metadata["netsuite_customer_id"]:${searchValue(req.customerId)} OR metadata["${req.syncField}"]:${searchValue(req.syncValue)}`);
        }
        candidates = candidates.filter((c) => !c.deleted);
        const ours = candidates.filter((c) => { var _a; return ((_a = c.metadata) === null || _a === void 0 ? void 0 : _a.netsuite_customer_id) === req.customerId; });
        if (ours.length)
            return ours[0];
        const unclaimed = candidates.filter((c) => { var _a; return !((_a = c.metadata) === null || _a === void 0 ? void 0 : _a.netsuite_customer_id); });
        if (unclaimed.length > 1) {
            throw new SyncError(`${unclaimed.length} Stripe customers have the ${req.syncField} "${req.syncValue}" of ${who} and none of them is linked to it: ${unclaimed.map((c) => c.id).join(', ')}. None was linked. Put the right one into STRIPE CUSTOMER ID (or merge the duplicates in Stripe) and sync again.`);
        }
        return unclaimed[0];
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

    /**
     * The sync flows around syncCustomer: which config, which values, what to write back, what to log.
     * NetSuite access comes in through SyncPorts (src/netsuite implements them).
     */
    /** Fields to write on the customer after a primary-account sync: only those that changed. */
    function primaryWriteBack(row, result, now) {
        const values = {};
        if (result.stripeCustomerId !== row.stripeId)
            values[CUSTOMER.stripeId] = result.stripeCustomerId;
        if (result.fingerprint !== row.syncHash)
            values[CUSTOMER.syncHash] = result.fingerprint;
        if (result.portalUrl && result.portalUrl !== row.portalUrl)
            values[CUSTOMER.portalUrl] = result.portalUrl;
        if (Object.keys(values).length)
            values[CUSTOMER.lastSync] = now;
        return values;
    }
    /** Mass sync of one work item: primary subsidiary into the customer's fields, others into a customer link. */
    function syncMassItem(ports, work) {
        try {
            const searchId = work.config.massSearchId || '(PayPack default)';
            const mapped = mapColumns(work.columns, { customerId: work.customerId, customerName: work.name, subsidiaryId: work.subsidiaryId, syncField: work.config.syncField, searchId });
            const result = syncCustomer(ports.stripe(work.config), {
                customerId: work.customerId, customerName: work.name, configId: work.config.id, linkedStripeId: work.stripeId, params: mapped.params,
                syncField: work.config.syncField, syncValue: mapped.syncValue, lastFingerprint: work.syncHash,
            });
            if (result.outcome === 'unchanged')
                return { outcome: 'unchanged' };
            if (work.primary) {
                ports.writeCustomer(work.customerId, primaryWriteBack({ stripeId: work.stripeId, syncHash: work.syncHash, portalUrl: '' }, result, ports.now()));
            }
            else {
                ports.writeLink(work.linkId, { customerId: work.customerId, configId: work.config.id, stripeId: result.stripeCustomerId, syncHash: result.fingerprint, lastSync: ports.now() });
            }
            return { outcome: result.outcome };
        }
        catch (e) {
            if (!isExpectedFailure(e))
                throw e;
            const message = describeFailure(e, work.config.secretId);
            ports.logFailure({ customerId: work.customerId, source: 'mass', configId: work.config.id, stripeId: e instanceof SyncError ? e.stripeCustomerId || work.stripeId : work.stripeId, message });
            return { outcome: 'failed', message };
        }
    }
    function summarizeCounts(counts) {
        return `created ${counts.created}, updated ${counts.updated}, linked ${counts.linked}, unchanged ${counts.unchanged}, failed ${counts.failed}`;
    }

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
    /** Columns PayPack reads besides the mapped ones. */
    const EXTRA_COLUMNS = {
        name: { name: 'entityid' },
        subsidiary: { name: 'subsidiary' },
        stripeId: { name: CUSTOMER.stripeId },
        syncHash: { name: CUSTOMER.syncHash }};
    function toColumns(defs) {
        return defs.map((d) => search.createColumn({ name: d.name, join: d.join, label: d.label, formula: d.formula, summary: d.summary }));
    }
    function withFilter(def, extra) {
        return def.filterExpression && def.filterExpression.length ? [def.filterExpression, 'AND', extra] : [extra];
    }
    function mappedValues(result, columns, defs) {
        return defs.map((d, i) => ({
            label: d.label || '',
            field: d.join ? `${d.join}.${d.name}` : d.name,
            value: result.getValue(columns[i]),
            text: result.getText(columns[i]),
        }));
    }

    /** Writes of a sync: the customer's own fields, customer link records, sync log rows. */
    /** submitFields on the customer (5 units), only with what changed. */
    function writeCustomerFields(customerId, values) {
        if (Object.keys(values).length === 0)
            return;
        record.submitFields({ type: 'customer', id: customerId, values: values, options: { enableSourcing: false, ignoreMandatoryFields: true } });
    }
    /** Every customer link, keyed customer|config (one paged search; for the mass sync's input). */
    function allLinks() {
        const out = new Map();
        const paged = search.create({ type: RECORD.customerLink, filters: [['isinactive', 'is', 'F']], columns: [LINK.customer, LINK.config, LINK.stripeId, LINK.syncHash] }).runPaged({ pageSize: 1000 });
        for (const range of paged.pageRanges) {
            for (const r of paged.fetch({ index: range.index }).data) {
                const row = { id: r.id, customerId: String(r.getValue(LINK.customer)), configId: String(r.getValue(LINK.config)), stripeId: String(r.getValue(LINK.stripeId) || ''), syncHash: String(r.getValue(LINK.syncHash) || '') };
                out.set(`${row.customerId}|${row.configId}`, row);
            }
        }
        return out;
    }
    /** Create (6 units) or update (2 units) the link of a customer in a non-primary subsidiary's Stripe account. */
    function writeLink(linkId, values) {
        const fields = { [LINK.stripeId]: values.stripeId, [LINK.syncHash]: values.syncHash, [LINK.lastSync]: values.lastSync };
        if (linkId) {
            record.submitFields({ type: RECORD.customerLink, id: linkId, values: fields });
            return linkId;
        }
        const rec = record.create({ type: RECORD.customerLink });
        rec.setValue({ fieldId: LINK.customer, value: values.customerId });
        rec.setValue({ fieldId: LINK.config, value: values.configId });
        for (const [k, v] of Object.entries(fields))
            rec.setValue({ fieldId: k, value: v });
        return String(rec.save());
    }
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

    /** The mass sync's work list: every customer of each config's mass search, once per subsidiary that config serves. */
    const SUBSIDIARY_OF_ROW = { name: 'internalid', join: 'msesubsidiary' };
    function massWork(configs, onlyConfigId) {
        var _a, _b;
        const work = [];
        const links = allLinks();
        const serving = configsBySubsidiary(configs);
        for (const config of configs) {
            if (onlyConfigId && config.id !== onlyConfigId)
                continue;
            const def = searchDefinition(config.massSearchId);
            const mapped = toColumns(def.columns);
            const extras = toColumns([EXTRA_COLUMNS.name, EXTRA_COLUMNS.subsidiary, EXTRA_COLUMNS.stripeId, EXTRA_COLUMNS.syncHash, SUBSIDIARY_OF_ROW]);
            const [name, primarySub, stripeId, syncHash, rowSub] = extras;
            const filter = config.subsidiaries.length ? ['msesubsidiary.internalid', 'anyof', ...config.subsidiaries] : ['internalid', 'noneof', '@NONE@'];
            const paged = search.create({ type: def.type, filters: withFilter(def, filter), columns: [...mapped, ...extras] }).runPaged({ pageSize: 1000 });
            for (const range of paged.pageRanges) {
                for (const r of paged.fetch({ index: range.index }).data) {
                    const subsidiaryId = String(r.getValue(rowSub) || r.getValue(primarySub) || '');
                    // a subsidiary served by another config belongs to that config's run
                    if (((_a = serving(subsidiaryId)) === null || _a === void 0 ? void 0 : _a.id) !== config.id)
                        continue;
                    const primary = subsidiaryId === String(r.getValue(primarySub));
                    // a config that also serves the primary subsidiary already syncs this customer there
                    if (!primary && ((_b = serving(String(r.getValue(primarySub)))) === null || _b === void 0 ? void 0 : _b.id) === config.id)
                        continue;
                    const link = primary ? undefined : links.get(`${r.id}|${config.id}`);
                    work.push({
                        customerId: r.id,
                        name: String(r.getValue(name) || r.id),
                        subsidiaryId,
                        primary,
                        config: { id: config.id, name: config.name, secretId: config.secretId, syncField: config.syncField, massSearchId: config.massSearchId },
                        columns: mappedValues(r, mapped, def.columns),
                        stripeId: primary ? String(r.getValue(stripeId) || '').trim() : (link === null || link === void 0 ? void 0 : link.stripeId) || '',
                        syncHash: primary ? String(r.getValue(syncHash) || '') : (link === null || link === void 0 ? void 0 : link.syncHash) || '',
                        linkId: link === null || link === void 0 ? void 0 : link.id,
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

    /** SyncPorts and MassPorts over NetSuite. */
    const massPorts = {
        stripe: (config) => stripeClient(config.secretId),
        writeCustomer: writeCustomerFields,
        writeLink: (linkId, values) => { writeLink(linkId, values); },
        logFailure: (entry) => writeSyncLog({ ...entry, outcome: 'failed' }),
        now: () => new Date(),
    };

    /** Failed keys the summary also writes as sync log rows (each costs 6 units). */
    const MAX_ERROR_ROWS = 200;
    const config = { retryCount: 0, exitOnError: false };
    function getInputData() {
        const only = runtime.getCurrentScript().getParameter({ name: 'custscript_pp_mr_custsync_config' });
        return massWork(loadConfigs(), only ? String(only) : undefined);
    }
    function map(context) {
        const work = JSON.parse(context.value);
        const result = syncMassItem(massPorts, work);
        context.write({ key: result.outcome, value: work.customerId });
    }
    function summarize(summary) {
        const counts = { created: 0, updated: 0, linked: 0, unchanged: 0, failed: 0 };
        summary.output.iterator().each((key) => { counts[key]++; return true; });
        let errorRows = 0;
        summary.mapSummary.errors.iterator().each((key, error) => {
            counts.failed++;
            const e = JSON.parse(error);
            log.error({ title: `PayPack mass sync: map ${key} failed`, details: `${e.name}: ${e.message}` });
            if (errorRows++ < MAX_ERROR_ROWS)
                writeSyncLog({ source: 'mass', outcome: 'failed', message: `Map key ${key} stopped: ${e.name}: ${e.message}` });
            return true;
        });
        if (summary.inputSummary.error)
            log.error({ title: 'PayPack mass sync: input failed', details: summary.inputSummary.error });
        const text = summarizeCounts(counts);
        log.audit({ title: 'PayPack mass sync', details: `${text}; ${summary.usage} units` });
        writeSyncLog({ source: 'mass', outcome: 'summary', message: `Mass sync: ${text}.${summary.inputSummary.error ? ` Input failed: ${summary.inputSummary.error}` : ''}` });
    }

    exports.config = config;
    exports.getInputData = getInputData;
    exports.map = map;
    exports.summarize = summarize;

    Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });

}));
