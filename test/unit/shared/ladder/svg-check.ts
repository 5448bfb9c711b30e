// A tiny XML well-formedness check for the SVG tests: balanced tags, attributes quoted, no raw
// "<" or stray "&" in text, and the text nodes unescaped for assertions. Enough to catch a writer
// that forgets to escape or to close an element; not a general XML parser.

export interface SvgNode {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: SvgNode[];
  text: string;
}

const TAG = /^<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>$/;
const ENTITY = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[\da-fA-F]+);)/;

export function parseSvg(svg: string): SvgNode {
  const root: SvgNode = { name: '#root', attrs: {}, children: [], text: '' };
  const stack: SvgNode[] = [root];
  let i = 0;
  while (i < svg.length) {
    const lt = svg.indexOf('<', i);
    const text = svg.slice(i, lt === -1 ? svg.length : lt);
    if (text.includes('>')) throw new Error(`">" in text: ${text.slice(0, 60)}`);
    if (ENTITY.test(text)) throw new Error(`unescaped "&" in text: ${text.slice(0, 60)}`);
    if (text.trim() !== '') {
      if (stack.length === 1) throw new Error(`text outside the root: ${text.slice(0, 60)}`);
      stack.at(-1)!.text += unescape(text);
    }
    if (lt === -1) break;
    const gt = svg.indexOf('>', lt);
    if (gt === -1) throw new Error('unterminated tag');
    const tag = svg.slice(lt, gt + 1);
    const m = TAG.exec(tag);
    if (!m) throw new Error(`malformed tag: ${tag.slice(0, 80)}`);
    const [, close, name, rawAttrs, selfClose] = m;
    if (close) {
      const open = stack.pop();
      if (!open || open.name !== name) throw new Error(`</${name}> closes <${open?.name}>`);
    } else {
      const attrs: Record<string, string> = {};
      for (const a of rawAttrs!.matchAll(/([\w:-]+)="([^"]*)"/g)) {
        if (ENTITY.test(a[2]!)) throw new Error(`unescaped "&" in attribute ${a[1]}`);
        if (a[1]! in attrs) throw new Error(`duplicate attribute ${a[1]}`);
        attrs[a[1]!] = unescape(a[2]!);
      }
      const node: SvgNode = { name: name!, attrs, children: [], text: '' };
      if (stack.length === 1 && root.children.length > 0) throw new Error('more than one root element');
      stack.at(-1)!.children.push(node);
      if (!selfClose) stack.push(node);
    }
    i = gt + 1;
  }
  if (stack.length !== 1) throw new Error(`<${stack.at(-1)!.name}> is never closed`);
  if (root.children.length !== 1) throw new Error('no root element');
  return root.children[0]!;
}

/** Every element under node (itself included), depth first. */
export function all(node: SvgNode, name?: string): SvgNode[] {
  const out: SvgNode[] = [];
  const walk = (n: SvgNode): void => {
    if (name === undefined || n.name === name) out.push(n);
    n.children.forEach(walk);
  };
  walk(node);
  return out;
}

/** The text of node and its descendants, in order. */
export function textOf(node: SvgNode): string {
  return node.text + node.children.map(textOf).join('');
}

function unescape(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&');
}
