/** N/error double. */
import { SuiteScriptError } from '../errors';

export const Type = { SUITESCRIPT_ERROR: 'error.SuiteScriptError', USER_EVENT_ERROR: 'error.UserEventError' } as const;

export function create(options: { name: string; message: string; notifyOff?: boolean }): SuiteScriptError {
  return new SuiteScriptError(options.name, options.message, !!options.notifyOff);
}
export { SuiteScriptError };
