/**
 * @NApiVersion 2.1
 * @NScriptType UserEventScript
 * @NModuleScope SameAccount
 */
define(['exports', 'N/cache', 'N/search'], (function (exports, cache, search) { 'use strict';

    /** Reading PayPack Config records (cached: every sync needs them, they rarely change). */
    const CACHE = { name: 'paypack', scope: cache.Scope.PROTECTED };
    const CONFIGS_KEY = 'configs';
    /** After a config is saved: the next sync reads the configs again. */
    function forgetConfigs() {
        cache.getCache(CACHE).remove({ key: CONFIGS_KEY });
    }

    /** A saved config takes effect at the next sync: the cached configs are dropped. (Enable Webhook: webhook issue.) */
    function afterSubmit(_context) {
        forgetConfigs();
    }

    exports.afterSubmit = afterSubmit;

    Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });

}));
