/**
 * @NApiVersion 2.1
 * @NScriptType Suitelet
 * @NModuleScope SameAccount
 */
define(['exports'], (function (exports) { 'use strict';

    /** Receive Stripe events (webhook issue). */
    function onRequest(context) {
        context.response.setHeader({ name: 'Content-Type', value: 'application/json' });
        context.response.write({ output: JSON.stringify({ received: false }) });
    }

    exports.onRequest = onRequest;

    Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });

}));
