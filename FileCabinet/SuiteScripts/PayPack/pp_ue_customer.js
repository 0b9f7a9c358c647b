/**
 * @NApiVersion 2.1
 * @NScriptType UserEventScript
 * @NModuleScope SameAccount
 */
define(['exports', 'N/log'], (function (exports, log) { 'use strict';

    /** The fixed object ids of the bundle (DESIGN.md, "The contract"). Admins, searches and templates depend on them. */
    /** Where the client module lives in the File Cabinet (set on the form that shows the button). */
    const CLIENT_MODULE_PATH = '/SuiteScripts/PayPack/pp_cs_customer.js';

    /** Adds the PayPack Sync button on view and edit. */
    function beforeLoad(context) {
        if (context.type !== context.UserEventType.VIEW && context.type !== context.UserEventType.EDIT)
            return;
        context.form.clientScriptModulePath = CLIENT_MODULE_PATH;
        context.form.addButton({ id: 'custpage_pp_sync', label: 'PayPack Sync', functionName: 'paypackSync' });
    }
    /** Auto-sync on create (customer sync issue). */
    function afterSubmit(context) {
        log.debug({ title: 'PayPack afterSubmit', details: `${context.type} customer ${context.newRecord.id}` });
    }

    exports.afterSubmit = afterSubmit;
    exports.beforeLoad = beforeLoad;

    Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });

}));
