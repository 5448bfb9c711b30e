// Text that goes into an SVG/HTML document. A reason phrase or an alias is whatever a peer or a
// user typed, so every character that could end a text node or an attribute is escaped, and the
// characters XML 1.0 forbids outright (§2.2 Char: controls other than TAB/LF/CR, lone surrogates,
// U+FFFE/U+FFFF) become U+FFFD, or one bad byte in a reason phrase would make the export unreadable.

const NOT_XML_CHAR =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point here
  /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Safe in a text node and in a single- or double-quoted attribute. */
export function xmlEscape(text: string): string {
  return text.replace(NOT_XML_CHAR, '\ufffd').replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** One line of plain text for a terminal or a Markdown code block: no escape sequences, no breaks. */
export function printableLine(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point here
  return text.replace(/[\x00-\x1f\x7f-\x9f]/g, '?');
}
