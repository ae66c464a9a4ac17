export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** How a place in the manifest is named in messages: bots[0].botId, validDomains[1], $schema. */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent === '' ? key : `${parent}.${key}`;
}

/** The same name from a JSON pointer, as Ajv reports it: /bots/0/botId -> bots[0].botId. */
export function pathFromPointer(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<string>((path, part) => childPath(path, /^\d+$/.test(part) ? Number(part) : part), '');
}

export function walkStrings(value: JsonValue, visit: (path: string, value: string) => void, path = ''): void {
  if (typeof value === 'string') visit(path, value);
  else if (Array.isArray(value)) value.forEach((item, index) => walkStrings(item, visit, childPath(path, index)));
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) walkStrings(item, visit, childPath(path, key));
  }
}

export function isObject(value: unknown): value is Record<string, JsonValue> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function arrayAt(value: unknown, key: string): JsonValue[] {
  const item = isObject(value) ? value[key] : undefined;
  return Array.isArray(item) ? item : [];
}
