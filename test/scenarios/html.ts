/**
 * A minimal HTML reader for structural checks of the report: tags, attributes and
 * nesting (it throws on a closing tag that closes nothing open). Script and style bodies
 * are skipped; entities are left as they are.
 */
export interface Element {
  readonly tag: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: Element[];
  text: string;
}

const VOID = new Set(['meta', 'link', 'br', 'hr', 'img', 'input', 'source', 'wbr', 'area', 'col']);
const RAW = new Set(['script', 'style']);
const TAG =
  /<!--[\s\S]*?-->|<!doctype[^>]*>|<(\/?)([a-zA-Z][\w:-]*)((?:\s+[^\s=/>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*(\/?)>/gi;
const ATTR = /([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;

export function parseHtml(html: string): Element {
  const root: Element = { tag: '#root', attrs: {}, children: [], text: '' };
  const stack: Element[] = [root];
  let last = 0;
  TAG.lastIndex = 0;
  for (let match = TAG.exec(html); match; match = TAG.exec(html)) {
    stack.at(-1)!.text += html.slice(last, match.index);
    last = TAG.lastIndex;
    const [whole, closing, rawName, rawAttrs = '', selfClosing] = match;
    if (rawName === undefined) continue; // comment or doctype
    const tag = rawName.toLowerCase();
    if (closing) {
      const open = stack.at(-1)!;
      if (open.tag !== tag) {
        throw new Error(`</${tag}> at ${match.index} closes <${open.tag}>`);
      }
      stack.pop();
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of rawAttrs.matchAll(ATTR)) attrs[a[1]!] = a[2] ?? a[3] ?? a[4] ?? '';
    const element: Element = { tag, attrs, children: [], text: '' };
    stack.at(-1)!.children.push(element);
    if (RAW.has(tag)) {
      const end = html.toLowerCase().indexOf(`</${tag}>`, TAG.lastIndex);
      if (end < 0) throw new Error(`<${tag}> is never closed`);
      element.text = html.slice(TAG.lastIndex, end);
      TAG.lastIndex = end + tag.length + 3;
      last = TAG.lastIndex;
      continue;
    }
    if (!selfClosing && !VOID.has(tag) && !whole.endsWith('/>')) stack.push(element);
  }
  if (stack.length !== 1) throw new Error(`<${stack.at(-1)!.tag}> is never closed`);
  return root;
}

/** Every element under `root` (depth first) that passes `test`. */
export function findAll(root: Element, test: (element: Element) => boolean): Element[] {
  const found: Element[] = [];
  const walk = (element: Element) => {
    for (const child of element.children) {
      if (test(child)) found.push(child);
      walk(child);
    }
  };
  walk(root);
  return found;
}

export function hasClass(element: Element, name: string): boolean {
  return (element.attrs.class ?? '').split(/\s+/).includes(name);
}
