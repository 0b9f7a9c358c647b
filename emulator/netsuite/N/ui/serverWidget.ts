/** N/ui/serverWidget double: forms with buttons and fields, enough to see what a page shows. */
export const FieldType = { TEXT: 'TEXT', TEXTAREA: 'TEXTAREA', INLINEHTML: 'INLINEHTML', CHECKBOX: 'CHECKBOX', SELECT: 'SELECT', URL: 'URL', LABEL: 'LABEL', LONGTEXT: 'LONGTEXT' } as const;
export const FieldDisplayType = { NORMAL: 'NORMAL', INLINE: 'INLINE', HIDDEN: 'HIDDEN', DISABLED: 'DISABLED', READONLY: 'READONLY' } as const;

export class Field {
  defaultValue: unknown = '';
  displayType: string = FieldDisplayType.NORMAL;
  constructor(readonly id: string, readonly label: string, readonly type: string) {}
  updateDisplayType(options: { displayType: string }): this { this.displayType = options.displayType; return this; }
}

export class Form {
  title: string;
  clientScriptModulePath?: string;
  clientScriptFileId?: number;
  readonly buttons: Array<{ id: string; label: string; functionName?: string; isDisabled?: boolean; isHidden?: boolean }> = [];
  readonly fields: Field[] = [];
  submitButton?: { label: string };
  readonly pageInitMessages: Array<{ type: string; title: string; message: string }> = [];
  addPageInitMessage(options: { type: string; title?: string; message?: string }): void {
    this.pageInitMessages.push({ type: options.type, title: options.title || '', message: options.message || '' });
  }
  constructor(title = '') { this.title = title; }
  addButton(options: { id: string; label: string; functionName?: string }) {
    if (!/^custpage/.test(options.id)) throw new Error(`Button id ${options.id} must start with custpage`);
    const b = { ...options, isDisabled: false, isHidden: false };
    this.buttons.push(b);
    return b;
  }
  getButton(options: { id: string }) { return this.buttons.find((b) => b.id === options.id) || null; }
  removeButton(options: { id: string }) { const i = this.buttons.findIndex((b) => b.id === options.id); if (i >= 0) this.buttons.splice(i, 1); }
  addField(options: { id: string; label: string; type: string }): Field {
    const f = new Field(options.id, options.label, options.type);
    this.fields.push(f);
    return f;
  }
  getField(options: { id: string }): Field | null { return this.fields.find((f) => f.id === options.id) || null; }
  addSubmitButton(options: { label?: string } = {}) { this.submitButton = { label: options.label || 'Submit' }; return this.submitButton; }
}

export function createForm(options: { title: string; hideNavBar?: boolean }): Form {
  return new Form(options.title);
}
