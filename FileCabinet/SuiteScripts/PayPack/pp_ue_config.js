/**
 * @NApiVersion 2.1
 * @NScriptType UserEventScript
 * @NModuleScope SameAccount
 */
define(['exports', 'N/log'], (function (exports, log) { 'use strict';

    /** Enable Webhook (webhook issue). */
    function afterSubmit(context) {
        log.debug({ title: 'PayPack config saved', details: String(context.newRecord.id) });
    }

    exports.afterSubmit = afterSubmit;

    Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });

}));
