// A message template compiled once into bytes, with fixed-width fields whose byte offsets are
// known: filling it is one buffer copy plus a few small writes, no string building per message.

export interface TemplateField {
  readonly name: string;
  readonly width: number;
}

export class FixedTemplate {
  private readonly bytes: Buffer;
  /** offsets[k] = every byte offset of field k. */
  private readonly offsets: number[][];
  readonly fields: readonly TemplateField[];

  /** `text` holds each field as `{name}`; values given to fill() must have the field's width. */
  constructor(text: string, fields: readonly TemplateField[]) {
    this.fields = fields;
    this.offsets = fields.map(() => []);
    let out = '';
    let rest = text;
    for (;;) {
      const open = rest.indexOf('{');
      if (open < 0) break;
      const close = rest.indexOf('}', open);
      const name = rest.slice(open + 1, close);
      const k = fields.findIndex((f) => f.name === name);
      if (k < 0) throw new Error(`template field {${name}} is not declared`);
      out += rest.slice(0, open);
      // Offsets in bytes: templates are ASCII/latin1, one byte per character.
      this.offsets[k]!.push(out.length);
      out += ' '.repeat(fields[k]!.width);
      rest = rest.slice(close + 1);
    }
    out += rest;
    this.bytes = Buffer.from(out, 'latin1');
  }

  get length(): number {
    return this.bytes.length;
  }

  /** A fresh buffer (captured messages keep theirs) with values[k] written at field k. */
  fill(values: readonly string[]): Buffer {
    const buf = Buffer.allocUnsafe(this.bytes.length);
    this.bytes.copy(buf);
    for (let k = 0; k < this.offsets.length; k++) {
      const value = values[k]!;
      if (value.length !== this.fields[k]!.width) {
        throw new RangeError(
          `template field ${this.fields[k]!.name}: "${value}" is not ${this.fields[k]!.width} wide`,
        );
      }
      for (const off of this.offsets[k]!) buf.write(value, off, 'latin1');
    }
    return buf;
  }
}
