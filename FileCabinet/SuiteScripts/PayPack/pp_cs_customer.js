/**
 * @NApiVersion 2.1
 * @NScriptType ClientScript
 * @NModuleScope SameAccount
 */
define(['exports'], (function (exports) { 'use strict';

    /** NetSuite needs one client entry point on a client script record; the button needs none. */
    function pageInit(_context) {
        // nothing to prepare on page load
    }
    /** The PayPack Sync button (customer sync issue). */
    function paypackSync() {
        // filled in by the customer sync issue
    }

    exports.pageInit = pageInit;
    exports.paypackSync = paypackSync;

    Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });

}));
