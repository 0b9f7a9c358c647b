/** N/ui/message double: messages a client script shows are kept in the account for tests to read. */
import { account } from '../../account';

export const Type = { CONFIRMATION: 'CONFIRMATION', INFORMATION: 'INFORMATION', WARNING: 'WARNING', ERROR: 'ERROR' } as const;

export function create(options: { title?: string; message?: string; type: string; duration?: number }) {
  const m = { title: options.title || '', message: options.message || '', type: options.type };
  return {
    ...m,
    show(_o?: { duration?: number }): void { account().messagesShown.push(m); },
    hide(): void { const list = account().messagesShown; const i = list.indexOf(m); if (i >= 0) list.splice(i, 1); },
  };
}
