/**
 * @NApiVersion 2.1
 * @NScriptType UserEventScript
 * @NModuleScope SameAccount
 */
define(['exports', 'N/ui/message', 'N/cache', 'N/search', 'N/log', 'N/record', 'N/url', 'N/https', 'N/runtime'], (function (exports, message, cache, search, log, record, url, https, runtime) { 'use strict';

    /** The fixed object ids of the bundle (DESIGN.md, "The contract"). Admins, searches and templates depend on them. */
    const RECORD = {
        config: 'customrecord_pp_config',
        webhook: 'customrecord_pp_webhook'};
    const CONFIG = {
        secret: 'custrecord_pp_cfg_secret',
        webhookEnabled: 'custrecord_pp_cfg_webhook_enabled',
        webhookId: 'custrecord_pp_cfg_webhook_id',
        webhookSecret: 'custrecord_pp_cfg_webhook_secret',
        webhookStatus: 'custrecord_pp_cfg_webhook_status',
        webhookNewSecret: 'custrecord_pp_cfg_webhook_new_secret',
    };
    const WEBHOOK_LOG = {
        config: 'custrecord_pp_wh_config',
        endpointId: 'custrecord_pp_wh_endpoint_id',
        url: 'custrecord_pp_wh_url',
        action: 'custrecord_pp_wh_action',
        events: 'custrecord_pp_wh_events',
        message: 'custrecord_pp_wh_message',
    };
    const SCRIPT = {
        slWebhook: { scriptId: 'customscript_pp_sl_webhook', deploymentId: 'customdeploy_pp_sl_webhook' }};

    /** Text shown in NetSuite's HTML (N/ui/message renders HTML): names may hold <, &, quotes. */
    function escapeHtml(text) {
        return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
    }

    /** Reading PayPack Config records (cached: every sync needs them, they rarely change). */
    const CACHE = { name: 'paypack', scope: cache.Scope.PROTECTED };
    const CONFIGS_KEY = 'configs';
    /** After a config is saved: the next sync reads the configs again. */
    function forgetConfigs() {
        cache.getCache(CACHE).remove({ key: CONFIGS_KEY });
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

    /** The events PayPack subscribes the endpoint to, and handles. */
    const HANDLED_EVENTS = [
        'customer.created', 'customer.updated', 'customer.deleted',
        'payment_method.attached', 'payment_method.detached', 'payment_method.updated', 'payment_method.automatically_updated',
    ];

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
     * Enable Webhook: keep the Stripe webhook endpoint of a config in step with its checkbox.
     * First time on: create it (its signing secret is returned only then). Later: flip `disabled`
     * on the same endpoint; recreate it only when Stripe no longer has it.
     */
    function answer(we) {
        return JSON.stringify({ id: we.id, status: we.status, url: we.url, enabled_events: we.enabled_events, api_version: we.api_version });
    }
    function create(stripe, wish, why) {
        const we = stripe.post('/v1/webhook_endpoints', {
            url: wish.url,
            enabled_events: HANDLED_EVENTS,
            api_version: STRIPE_API_VERSION,
            description: `PayPack for NetSuite: ${wish.configName}`.slice(0, 5000),
            metadata: { netsuite_config_id: wish.configId },
        }, `paypack-webhook-create-${wish.configId}-${sha256Hex(`${wish.url}|${why}`).slice(0, 32)}`);
        return { action: 'created', endpointId: we.id, url: we.url, events: we.enabled_events, message: `${why} Stripe: ${answer(we)}`, signingSecret: we.secret };
    }
    function sameEvents(a, b) {
        return a.length === b.length && [...a].sort().join(',') === [...b].sort().join(',');
    }
    /** The change to make (at most one create, or one update after one read); undefined when nothing is to do. */
    function reconcileEndpoint(stripe, wish) {
        const path = `/v1/webhook_endpoints/${encodeURIComponent(wish.endpointId)}`;
        if (!wish.enabled) {
            if (!wish.endpointId || !wish.wasEnabled)
                return undefined;
            try {
                const we = stripe.post(path, { disabled: true }, `paypack-webhook-off-${wish.endpointId}-${Date.now()}`);
                return { action: 'disabled', endpointId: we.id, url: we.url, events: we.enabled_events, message: `Stripe: ${answer(we)}` };
            }
            catch (e) {
                if (e instanceof StripeError && e.code === 'resource_missing') {
                    return { action: 'disabled', endpointId: '', url: wish.url, events: [], message: `Stripe no longer has endpoint ${wish.endpointId}; nothing to disable.` };
                }
                throw e;
            }
        }
        if (!wish.endpointId)
            return create(stripe, wish, 'First time enabled: created.');
        let current;
        try {
            current = stripe.get(path);
        }
        catch (e) {
            if (e instanceof StripeError && e.code === 'resource_missing')
                return create(stripe, wish, `Stripe no longer had endpoint ${wish.endpointId}: created a new one.`);
            throw e;
        }
        const params = {};
        if (current.status === 'disabled')
            params.disabled = false;
        if (current.url !== wish.url)
            params.url = wish.url;
        if (!sameEvents(current.enabled_events, HANDLED_EVENTS))
            params.enabled_events = HANDLED_EVENTS;
        if (Object.keys(params).length === 0)
            return undefined;
        const we = stripe.post(path, params, `paypack-webhook-on-${wish.endpointId}-${Date.now()}`);
        const action = params.disabled === false ? 'enabled' : 'updated';
        return { action, endpointId: we.id, url: we.url, events: we.enabled_events, message: `${params.url ? `URL changed from ${current.url}. ` : ''}Stripe: ${answer(we)}` };
    }
    /** What the admin reads when Stripe refused. */
    function describeEndpointFailure(e, secretId) {
        var _a;
        if (e instanceof StripeError) {
            if (e.status === 401)
                return `Stripe refused the API key in API secret ${secretId} (401): the webhook endpoint was not changed. Put a valid secret key into the API secret and save the config again.`;
            if (/maximum of \d+ .*webhook endpoints/i.test(e.message))
                return `${e.message} Delete endpoints you no longer use in the Stripe Dashboard (Developers → Webhooks), then save the config again.`;
            if (e.param === 'url')
                return `Stripe refused the Suitelet URL as a webhook endpoint: ${e.message}`;
            return `Stripe refused the webhook endpoint change: ${e.describe()}`;
        }
        const err = e;
        return `${(err === null || err === void 0 ? void 0 : err.name) ? `${err.name}: ` : ''}${(_a = err === null || err === void 0 ? void 0 : err.message) !== null && _a !== void 0 ? _a : String(e)}`;
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

    /** Enable Webhook in NetSuite: the config record, the Suitelet's external URL, the webhook log. */
    function text(rec, fieldId) {
        var _a;
        return rec ? String((_a = rec.getValue({ fieldId })) !== null && _a !== void 0 ? _a : '').trim() : '';
    }
    function checked(rec, fieldId) {
        const v = rec === null || rec === void 0 ? void 0 : rec.getValue({ fieldId });
        return v === true || v === 'T';
    }
    /** The Suitelet's public URL for this config's events. */
    function webhookUrl(configId) {
        return url.resolveScript({ scriptId: SCRIPT.slWebhook.scriptId, deploymentId: SCRIPT.slWebhook.deploymentId, returnExternalUrl: true, params: { config: configId } });
    }
    function logChange(configId, change) {
        const rec = record.create({ type: RECORD.webhook });
        rec.setValue({ fieldId: WEBHOOK_LOG.config, value: configId });
        rec.setValue({ fieldId: WEBHOOK_LOG.endpointId, value: change.endpointId });
        rec.setValue({ fieldId: WEBHOOK_LOG.url, value: change.url });
        rec.setValue({ fieldId: WEBHOOK_LOG.action, value: change.action });
        rec.setValue({ fieldId: WEBHOOK_LOG.events, value: change.events.join(', ') });
        rec.setValue({ fieldId: WEBHOOK_LOG.message, value: change.message.slice(0, 4000) });
        rec.save();
    }
    /** beforeSubmit: move a pasted rolled secret into the hidden field and blank the visible one. */
    function takeRolledSecret(rec) {
        const rolled = text(rec, CONFIG.webhookNewSecret);
        if (!rolled)
            return;
        if (!/^whsec_[A-Za-z0-9]+$/.test(rolled)) {
            throw new Error('The rolled webhook signing secret must start with whsec_. Copy it from the endpoint in the Stripe Dashboard (Developers → Webhooks).');
        }
        rec.setValue({ fieldId: CONFIG.webhookSecret, value: rolled });
        rec.setValue({ fieldId: CONFIG.webhookNewSecret, value: '' });
        rec.setValue({ fieldId: CONFIG.webhookStatus, value: `Signing secret replaced on ${new Date().toISOString()}.` });
    }
    /** afterSubmit: reconcile the endpoint with the checkbox; failures are logged and shown, never thrown. */
    function applyEnableWebhook(rec, old) {
        const configId = String(rec.id);
        const secretId = text(rec, CONFIG.secret);
        const wish = {
            configId, configName: text(rec, 'name') || `PayPack Config ${configId}`,
            enabled: checked(rec, CONFIG.webhookEnabled), wasEnabled: checked(old, CONFIG.webhookEnabled),
            endpointId: text(rec, CONFIG.webhookId), url: '',
        };
        if (!wish.enabled && !(wish.wasEnabled && wish.endpointId))
            return;
        wish.url = webhookUrl(configId);
        let change;
        try {
            change = reconcileEndpoint(stripeClient(secretId), wish);
        }
        catch (e) {
            const message = describeEndpointFailure(e, secretId);
            logChange(configId, { action: 'failed', endpointId: wish.endpointId, url: wish.url, events: HANDLED_EVENTS, message });
            record.submitFields({ type: RECORD.config, id: configId, values: { [CONFIG.webhookStatus]: `Failed: ${message}` } });
            log.error({ title: 'PayPack Enable Webhook failed', details: message });
            return;
        }
        if (!change)
            return;
        logChange(configId, change);
        const values = {
            [CONFIG.webhookId]: change.endpointId,
            [CONFIG.webhookStatus]: `${change.action.charAt(0).toUpperCase()}${change.action.slice(1)} ${change.endpointId || ''} on ${new Date().toISOString()}. ${change.message}`.slice(0, 4000),
        };
        if (change.signingSecret)
            values[CONFIG.webhookSecret] = change.signingSecret;
        record.submitFields({ type: RECORD.config, id: configId, values });
    }

    /** Show what the last Enable Webhook change did, or why Stripe refused it. */
    function beforeLoad(context) {
        if (context.type !== context.UserEventType.VIEW && context.type !== context.UserEventType.EDIT)
            return;
        const status = String(context.newRecord.getValue({ fieldId: CONFIG.webhookStatus }) || '');
        if (!status)
            return;
        context.form.addPageInitMessage({ type: status.startsWith('Failed') ? message.Type.ERROR : message.Type.INFORMATION, title: 'PayPack webhook', message: escapeHtml(status) });
    }
    /** A pasted rolled signing secret goes into the hidden field before the record is saved. */
    function beforeSubmit(context) {
        takeRolledSecret(context.newRecord);
    }
    /** Enable Webhook: create, enable or disable the Stripe endpoint and log it; the saved config always stands. */
    function afterSubmit(context) {
        forgetConfigs();
        if (context.type === context.UserEventType.DELETE)
            return;
        applyEnableWebhook(context.newRecord, context.oldRecord);
    }

    exports.afterSubmit = afterSubmit;
    exports.beforeLoad = beforeLoad;
    exports.beforeSubmit = beforeSubmit;

    Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });

}));
