/** A strict reader of the iCalendar files residents are sent, to check them property by property. */

interface Property {
  name: string;
  params: Record<string, string>;
  value: string;
}

interface Component {
  name: string;
  properties: Property[];
  components: Component[];
}

/** Splits on a separator outside double quotes (parameter values may be quoted). */
function splitOutsideQuotes(text: string, separator: string, limit = Infinity): string[] {
  const parts: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length && parts.length < limit - 1; i++) {
    if (text[i] === '"') quoted = !quoted;
    else if (text[i] === separator && !quoted) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/**
 * A strict reader of RFC 5545 as Outlook needs it: CRLF line ends only, physical lines of at most 75
 * octets, folded lines continued with one space, components that open and close in order.
 */
function parseIcs(text: string): Component {
  expect(text).not.toMatch(/[^\r]\n/);
  const physical = text.replace(/\r\n$/, '').split('\r\n');
  for (const line of physical) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
  const logical: string[] = [];
  for (const line of physical) {
    if (line.startsWith(' ') || line.startsWith('\t')) logical[logical.length - 1] += line.slice(1);
    else logical.push(line);
  }
  const root: Component = { name: '', properties: [], components: [] };
  const stack = [root];
  for (const line of logical) {
    const [head, value] = splitOutsideQuotes(line, ':', 2);
    expect(value).toBeDefined();
    const [name, ...rawParams] = splitOutsideQuotes(head!, ';');
    const params = Object.fromEntries(rawParams.map((p) => splitOutsideQuotes(p, '=', 2) as [string, string]));
    const current = stack[stack.length - 1]!;
    if (name === 'BEGIN') {
      const child: Component = { name: value!, properties: [], components: [] };
      current.components.push(child);
      stack.push(child);
    } else if (name === 'END') {
      expect(current.name).toBe(value);
      stack.pop();
    } else {
      current.properties.push({ name: name!, params, value: value! });
    }
  }
  expect(stack).toHaveLength(1);
  expect(root.components).toHaveLength(1);
  return root.components[0]!;
}

export const unescapeText = (value: string) => value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));

export function one(component: Component, name: string): Property {
  const found = component.properties.filter((p) => p.name === name);
  expect(found.map((p) => p.name)).toEqual([name]);
  return found[0]!;
}

export const child = (component: Component, name: string) => {
  const found = component.components.filter((c) => c.name === name);
  expect(found).toHaveLength(1);
  return found[0]!;
};

export const eventOf = (ics: string) => {
  const calendar = parseIcs(ics);
  return { calendar, event: child(calendar, 'VEVENT') };
};
