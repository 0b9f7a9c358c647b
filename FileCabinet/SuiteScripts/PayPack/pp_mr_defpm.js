/**
 * @NApiVersion 2.1
 * @NScriptType MapReduceScript
 * @NModuleScope SameAccount
 */
define(['exports', 'N/log'], (function (exports, log) { 'use strict';

    function getInputData() {
        return [];
    }
    function map(context) {
        log.debug({ title: 'PayPack map', details: context.key });
    }
    function summarize(summary) {
        log.audit({ title: 'PayPack summary', details: `usage ${summary.usage}` });
    }

    exports.getInputData = getInputData;
    exports.map = map;
    exports.summarize = summarize;

    Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });

}));
