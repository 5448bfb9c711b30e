// Escaping for text put into the HTML report: markup characters, and control bytes a SIP message
// may carry shown as \xNN so they cannot confuse the page.
export function html(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export function htmlRaw(text: string): string {
  return html(
    text
      .replace(/\r\n/g, '\n')
      // eslint-disable-next-line no-control-regex -- escaping control bytes is the point
      .replace(/[\x00-\x08\x0b-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`),
  );
}
