/**
 * @NApiVersion 2.1
 * @NScriptType ClientScript
 * @NModuleScope SameAccount
 */
define(['exports', 'N/currentRecord', 'N/https', 'N/ui/message', 'N/url'], (function (exports, currentRecord, https, message, url) { 'use strict';

    /** The fixed object ids of the bundle (DESIGN.md, "The contract"). Admins, searches and templates depend on them. */
    const SCRIPT = {
        ueCustomer: { scriptId: 'customscript_pp_ue_customer', deploymentId: 'customdeploy_pp_ue_customer' },
        csCustomer: { scriptId: 'customscript_pp_cs_customer' },
        slSync: { scriptId: 'customscript_pp_sl_sync', deploymentId: 'customdeploy_pp_sl_sync' },
        mrCustSync: { scriptId: 'customscript_pp_mr_custsync', deploymentId: 'customdeploy_pp_mr_custsync' },
        mrDefPm: { scriptId: 'customscript_pp_mr_defpm', deploymentId: 'customdeploy_pp_mr_defpm' },
        slWebhook: { scriptId: 'customscript_pp_sl_webhook', deploymentId: 'customdeploy_pp_sl_webhook' },
        ueConfig: { scriptId: 'customscript_pp_ue_config', deploymentId: 'customdeploy_pp_ue_config' },
        mrEvents: { scriptId: 'customscript_pp_mr_events', deploymentId: 'customdeploy_pp_mr_events' },
    };

    /** Text shown in NetSuite's HTML (N/ui/message renders HTML): names may hold <, &, quotes. */
    function escapeHtml(text) {
        return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
    }

    /** NetSuite needs one client entry point on a client script record; the button needs none. */
    function pageInit(_context) {
        // nothing to prepare on page load
    }
    function show(type, text) {
        message.create({ title: 'PayPack Sync', message: escapeHtml(text), type }).show({ duration: 15000 });
    }
    /** The PayPack Sync button: ask the sync Suitelet, show its answer, show what it wrote. */
    function paypackSync() {
        var _a;
        const rec = currentRecord.get();
        if (!rec.id) {
            show(message.Type.WARNING, 'Save the customer first, then click PayPack Sync.');
            return;
        }
        let result;
        try {
            const target = url.resolveScript({ scriptId: SCRIPT.slSync.scriptId, deploymentId: SCRIPT.slSync.deploymentId, params: { customerId: rec.id } });
            const res = https.post({ url: target, body: { customerId: String(rec.id) } });
            result = JSON.parse(res.body);
        }
        catch (e) {
            show(message.Type.ERROR, `PayPack Sync could not reach NetSuite: ${e.message || e}. Try again in a moment.`);
            return;
        }
        show(result.ok ? (((_a = result.notes) === null || _a === void 0 ? void 0 : _a.length) ? message.Type.WARNING : message.Type.CONFIRMATION) : message.Type.ERROR, result.message);
        // in edit mode the form still holds the old values: put the written ones in, or saving the form would overwrite them
        for (const [fieldId, value] of Object.entries(result.written || {})) {
            try {
                rec.setValue({ fieldId, value: typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? new Date(value) : value, ignoreFieldChange: true });
            }
            catch {
                // view mode: fields are read-only; the page shows them after a reload
            }
        }
    }

    exports.pageInit = pageInit;
    exports.paypackSync = paypackSync;

    Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });

}));
