/**
 * A tiny XML well-formedness checker for the JUnit tests (no XML parser dependency): elements must nest,
 * attributes must be quoted and unique, text and attribute values may contain only the five predefined
 * entities or numeric character references, and there is exactly one root element.
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME_START = (c: string) => /[A-Za-z_:]/.test(c);
const NAME_CHAR = (c: string) => /[A-Za-z0-9_:.-]/.test(c);
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(s: string, where: number): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '<') throw new Error(`'<' in text or attribute near ${where}`);
    if (c !== '&') {
      out += c;
      continue;
    }
    const end = s.indexOf(';', i);
    if (end < 0) throw new Error(`unterminated entity near ${where}`);
    const ent = s.slice(i + 1, end);
    if (ENTITIES[ent] !== undefined) out += ENTITIES[ent];
    else if (/^#[0-9]+$/.test(ent)) out += String.fromCodePoint(Number(ent.slice(1)));
    else if (/^#x[0-9A-Fa-f]+$/.test(ent)) out += String.fromCodePoint(parseInt(ent.slice(2), 16));
    else throw new Error(`unknown entity &${ent}; near ${where}`);
    i = end;
  }
  return out;
}

export function parseXml(xml: string): XmlElement {
  let i = 0;
  if (xml.startsWith('<?xml')) {
    const end = xml.indexOf('?>');
    if (end < 0) throw new Error('unterminated XML declaration');
    i = end + 2;
  }
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  const readName = () => {
    if (!NAME_START(xml[i] ?? '')) throw new Error(`bad name at ${i}`);
    const s = i;
    while (i < xml.length && NAME_CHAR(xml[i])) i++;
    return xml.slice(s, i);
  };
  const skipWs = () => {
    while (i < xml.length && /\s/.test(xml[i])) i++;
  };
  while (i < xml.length) {
    if (xml[i] !== '<') {
      const next = xml.indexOf('<', i);
      const text = xml.slice(i, next < 0 ? xml.length : next);
      if (stack.length === 0) {
        if (text.trim() !== '') throw new Error(`text outside the root at ${i}`);
      } else stack[stack.length - 1].text += decode(text, i);
      i = next < 0 ? xml.length : next;
      continue;
    }
    if (xml.startsWith('</', i)) {
      i += 2;
      const name = readName();
      skipWs();
      if (xml[i] !== '>') throw new Error(`bad end tag at ${i}`);
      i++;
      const open = stack.pop();
      if (!open || open.name !== name) throw new Error(`end tag </${name}> does not match <${open?.name ?? '(none)'}>`);
      continue;
    }
    i++;
    const el: XmlElement = { name: readName(), attrs: {}, children: [], text: '' };
    for (;;) {
      const before = i;
      skipWs();
      if (xml.startsWith('/>', i) || xml[i] === '>') break;
      if (i === before) throw new Error(`missing space before attribute at ${i}`);
      const an = readName();
      if (xml[i] !== '=') throw new Error(`attribute ${an} without value at ${i}`);
      i++;
      const q = xml[i];
      if (q !== '"' && q !== "'") throw new Error(`unquoted attribute ${an} at ${i}`);
      const end = xml.indexOf(q, i + 1);
      if (end < 0) throw new Error(`unterminated attribute ${an}`);
      if (an in el.attrs) throw new Error(`duplicate attribute ${an}`);
      el.attrs[an] = decode(xml.slice(i + 1, end), i);
      i = end + 1;
    }
    if (stack.length > 0) stack[stack.length - 1].children.push(el);
    else if (root) throw new Error('more than one root element');
    else root = el;
    if (xml.startsWith('/>', i)) i += 2;
    else {
      i++;
      stack.push(el);
    }
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack[stack.length - 1].name}>`);
  if (!root) throw new Error('no root element');
  return root;
}

export function findAll(el: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement) => {
    if (e.name === name) out.push(e);
    e.children.forEach(walk);
  };
  walk(el);
  return out;
}
