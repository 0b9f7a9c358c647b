/**
 * @NApiVersion 2.1
 * @NScriptType Suitelet
 * @NModuleScope SameAccount
 */
define(['exports', 'N/error', 'N/log', 'N/cache', 'N/record', 'N/search', 'N/https', 'N/runtime'], (function (exports, error, log, cache, record, search, https, runtime) { 'use strict';

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
    function hmacSha256Hex(key, message) {
        let k = utf8Bytes(key);
        if (k.length > 64)
            k = sha256Bytes(k);
        const block = new Uint8Array(64);
        block.set(k);
        const inner = new Uint8Array(64);
        const outer = new Uint8Array(64);
        for (let i = 0; i < 64; i++) {
            inner[i] = block[i] ^ 0x36;
            outer[i] = block[i] ^ 0x5c;
        }
        const msg = utf8Bytes(message);
        const innerInput = new Uint8Array(64 + msg.length);
        innerInput.set(inner);
        innerInput.set(msg, 64);
        const innerHash = sha256Bytes(innerInput);
        const outerInput = new Uint8Array(96);
        outerInput.set(outer);
        outerInput.set(innerHash, 64);
        return toHex(sha256Bytes(outerInput));
    }
    /** Compare two strings in time that depends only on their length, not on where they differ. */
    function constantTimeEqual(a, b) {
        let diff = a.length ^ b.length;
        const n = Math.max(a.length, b.length);
        for (let i = 0; i < n; i++)
            diff |= (a.charCodeAt(i % (a.length || 1)) || 0) ^ (b.charCodeAt(i % (b.length || 1)) || 0);
        return diff === 0;
    }

    /**
     * Stripe-Signature verification: HMAC-SHA256 (hex) of `${t}.${rawBody}` with the endpoint's
     * signing secret; any of several v1 values may match (during a secret roll Stripe signs with
     * both); the timestamp must be within the tolerance; comparison in constant time.
     */
    const SIGNATURE_TOLERANCE_SECONDS = 300;
    function verifyStripeSignature(header, rawBody, secret, nowSeconds, tolerance = SIGNATURE_TOLERANCE_SECONDS) {
        if (!secret)
            return { ok: false, reason: 'no signing secret is stored for this endpoint' };
        if (!header)
            return { ok: false, reason: 'no Stripe-Signature header' };
        let timestamp = NaN;
        const signatures = [];
        for (const part of header.split(',')) {
            const eq = part.indexOf('=');
            if (eq < 0)
                continue;
            const key = part.slice(0, eq).trim();
            const value = part.slice(eq + 1).trim();
            if (key === 't')
                timestamp = Number(value);
            else if (key === 'v1')
                signatures.push(value);
        }
        if (!Number.isInteger(timestamp) || signatures.length === 0)
            return { ok: false, reason: 'the Stripe-Signature header is malformed' };
        if (Math.abs(nowSeconds - timestamp) > tolerance)
            return { ok: false, reason: `the signature timestamp is outside the ${tolerance} s tolerance` };
        const expected = hmacSha256Hex(secret, `${timestamp}.${rawBody}`);
        // check every value, whatever matched, so timing says nothing about which one did
        let matched = false;
        for (const sig of signatures)
            matched = constantTimeEqual(sig, expected) || matched;
        return matched ? { ok: true, timestamp } : { ok: false, reason: 'no signature matches' };
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
    /** Largest payload kept whole in the event row (the field holds 1,000,000 characters). */
    const PAYLOAD_MAX = 999000;
    function trimPayload(body) {
        return body.length <= PAYLOAD_MAX ? body : `${body.slice(0, PAYLOAD_MAX)}\n[PayPack: payload cut at ${PAYLOAD_MAX} of ${body.length} characters]`;
    }
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
    function receiveEvent(ports, req) {
        const config = req.configId ? ports.endpointConfig(req.configId) : undefined;
        if (!config)
            return { accepted: false, reason: `no PayPack Config ${req.configId || '(none given)'} with a webhook signing secret` };
        const check = verifyStripeSignature(req.signature, req.body, config.signingSecret, ports.nowSeconds());
        if (!check.ok)
            return { accepted: false, reason: check.reason };
        let event;
        try {
            event = JSON.parse(req.body);
        }
        catch {
            return { accepted: false, reason: 'the body is not JSON' };
        }
        if (!isStripeEvent(event))
            return { accepted: false, reason: 'the body is not a Stripe event' };
        if (ports.isKnownDone(event.id))
            return { accepted: true, eventId: event.id, status: 'duplicate', note: 'already recorded' };
        const row = {
            eventId: event.id, type: event.type, configId: config.id, created: event.created, status: 'pending', attempts: 0, error: '', payload: trimPayload(req.body),
        };
        const created = ports.createEvent(row);
        let recordId;
        let attempts = 1;
        if (created === 'duplicate') {
            const existing = ports.findEvent(event.id);
            if (!existing)
                return { accepted: true, eventId: event.id, status: 'duplicate', note: 'already recorded' };
            if (existing.status === 'processed' || existing.status === 'ignored') {
                ports.rememberDone(event.id);
                return { accepted: true, eventId: event.id, status: 'duplicate', note: `already ${existing.status}` };
            }
            // Stripe redelivered an event that failed here: try it again now
            recordId = existing.recordId;
            attempts = existing.attempts + 1;
        }
        else {
            recordId = created.recordId;
        }
        const out = processEvent(ports, config, event, recordId, attempts);
        return { accepted: true, eventId: event.id, status: out.status, note: out.note };
    }

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

    /**
     * Stripe webhook events, available without login. A request that is not a correctly signed
     * Stripe event for a PayPack config is refused with NetSuite's error page and nothing written;
     * the reason goes to the execution log only. (A Suitelet cannot choose its status: an uncaught
     * error is the only way to answer anything but success.)
     */
    function onRequest(context) {
        const { request, response } = context;
        if (request.method !== 'POST') {
            response.write({ output: 'PayPack Stripe webhook endpoint.' });
            return;
        }
        const configId = String(request.parameters.config || '');
        const receipt = receiveEvent(receiverPorts, { configId, signature: request.headers['stripe-signature'], body: request.body || '' });
        if (!receipt.accepted) {
            log.audit({ title: 'PayPack webhook request refused', details: `config ${configId || '(none)'}: ${receipt.reason}` });
            throw error.create({ name: 'PAYPACK_WEBHOOK_REFUSED', message: 'Request refused.', notifyOff: true });
        }
        response.setHeader({ name: 'Content-Type', value: 'application/json' });
        response.write({ output: JSON.stringify({ received: true, id: receipt.eventId, status: receipt.status }) });
    }

    exports.onRequest = onRequest;

    Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });

}));
