/**
 * @NApiVersion 2.1
 * @NScriptType Suitelet
 * @NModuleScope SameAccount
 */
define(['exports'], (function (exports) { 'use strict';

    /** Sync one customer and answer JSON (customer sync issue). */
    function onRequest(context) {
        context.response.setHeader({ name: 'Content-Type', value: 'application/json' });
        context.response.write({ output: JSON.stringify({ ok: false, message: 'PayPack Sync is not built yet.' }) });
    }

    exports.onRequest = onRequest;

    Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });

}));
