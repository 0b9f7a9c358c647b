/** SuiteScript errors as NetSuite throws them: `name`, `message`, `type`, JSON-serialisable. */
export class SuiteScriptError extends Error {
  readonly type = 'error.SuiteScriptError';
  readonly id: string;
  readonly notifyOff: boolean;
  constructor(name: string, message: string, notifyOff = false) {
    super(message);
    this.name = name;
    this.notifyOff = notifyOff;
    this.id = '';
  }
  toJSON(): Record<string, unknown> {
    return { type: this.type, name: this.name, message: this.message, stack: (this.stack || '').split('\n') };
  }
  override toString(): string {
    return `${this.name}: ${this.message}`;
  }
}

export function nsError(name: string, message: string): SuiteScriptError {
  return new SuiteScriptError(name, message);
}
