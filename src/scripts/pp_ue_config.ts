/**
 * @NApiVersion 2.1
 * @NScriptType UserEventScript
 * @NModuleScope SameAccount
 */
import type { EntryPoints } from 'N/types';
import { forgetConfigs } from '../netsuite/configs';

/** A saved config takes effect at the next sync: the cached configs are dropped. (Enable Webhook: webhook issue.) */
export function afterSubmit(_context: EntryPoints.UserEvent.afterSubmitContext): void {
  forgetConfigs();
}
