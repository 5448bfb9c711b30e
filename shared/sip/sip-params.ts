// `;name=value` parameters (RFC 3261 §25: generic-param = token [ EQUAL gen-value ], where
// gen-value = token / host / quoted-string). Used for URI params and header params alike.
import { splitOutside } from './split-outside';

/**
 * Read the parameters of `text`, which starts just after the first ';' (or is '' for none).
 * Names are lower-cased (they are case-insensitive); values are kept as written, quotes
 * included; a parameter without '=' has the value ''. The first of two same-named ones wins.
 */
/** A fault when `text` (after the first ';') holds an empty parameter, as in ";;" (§25: generic-param). */
export function emptyParamFault(text: string): string | undefined {
  if (text.trim() === '') return "an empty parameter: ';' with nothing after it (RFC 3261 §25 generic-param)";
  return splitOutside(text, ';').some((seg) => seg.trim() === '')
    ? "an empty parameter (';;'): each ';' must be followed by a parameter (RFC 3261 §25 generic-param)"
    : undefined;
}

// One shared, frozen "no parameters": a trace keeps every message's URIs and name-addrs, and most
// URIs carry none; an object of its own for each costs a few hundred bytes apiece.
const NO_PARAMS: Readonly<Record<string, string>> = Object.freeze(
  Object.create(null) as Record<string, string>,
);

export function parseParams(text: string): Readonly<Record<string, string>> {
  if (text.trim() === '') return NO_PARAMS;
  // No prototype: a parameter called "__proto__" or "constructor" is just a parameter. Made by
  // dropping an empty object's prototype rather than by Object.create(null), whose objects V8 keeps
  // as hash tables: 226 bytes against 98 for two parameters, and a trace keeps several per message.
  const params = Object.setPrototypeOf({}, null) as Record<string, string>;
  for (const seg of splitOutside(text, ';')) {
    const eq = seg.indexOf('=');
    const name = (eq < 0 ? seg : seg.slice(0, eq)).trim().toLowerCase();
    if (name === '' || Object.hasOwn(params, name)) continue;
    params[name] = eq < 0 ? '' : seg.slice(eq + 1).trim();
  }
  return params;
}
