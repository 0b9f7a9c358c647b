/**
 * @NApiVersion 2.1
 * @NScriptType UserEventScript
 * @NModuleScope SameAccount
 */
import type { EntryPoints } from 'N/types';
import * as error from 'N/error';
import { PAYOUT_BANK } from '../core/ids';
import { payoutBankProblem } from '../netsuite/deposits';

/** A PayPack Payout Bank Account row whose bank account is not in the row's currency is refused: its payouts would be deposited at the wrong currency. */
export function beforeSubmit(context: EntryPoints.UserEvent.beforeSubmitContext): void {
  if (context.type === context.UserEventType.DELETE) return;
  // an inline edit carries only the fields it changed: the rest as saved
  const value = (fieldId: string) => String(context.newRecord.getValue({ fieldId }) ?? '').trim() || String(context.oldRecord?.getValue({ fieldId }) ?? '').trim();
  const problem = payoutBankProblem(value(PAYOUT_BANK.currency), value(PAYOUT_BANK.account));
  if (problem) throw error.create({ name: 'PAYPACK_PAYOUT_BANK_CURRENCY', message: problem, notifyOff: true });
}
