/*
 * A small reader for our own Bicep, because no Bicep compiler can be installed here. It is not a Bicep
 * parser: it splits the file into tokens (comments, strings with ${…} interpolation, names, brackets,
 * line ends), checks brackets balance, and answers the few questions the infra tests ask. It assumes the
 * layout `bicep format` gives: one object property per line, as `key: value`.
 */

export interface Token {
  kind: 'name' | 'string' | 'number' | 'symbol' | 'newline';
  text: string;
  line: number;
  /** A string's value, when it has no ${…} in it. */
  value?: string;
}

export interface BicepFile {
  lines: string[];
  tokens: Token[];
  /** Unbalanced brackets and unterminated strings or comments, with their line. */
  problems: string[];
}

const OPENERS: Record<string, string> = { '{': '}', '[': ']', '(': ')' };
const CLOSERS = new Set(['}', ']', ')']);
const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', "'": "'", '\\': '\\', $: '$' };

export function readBicep(source: string): BicepFile {
  const tokens: Token[] = [];
  const problems: string[] = [];
  const open: Array<{ char: string; line: number }> = [];
  let i = 0;
  let line = 1;

  const closeBracket = (char: string) => {
    const top = open.pop();
    if (!top) problems.push(`line ${line}: "${char}" closes nothing`);
    else if (OPENERS[top.char] !== char) problems.push(`line ${line}: "${char}" closes "${top.char}" from line ${top.line}`);
  };

  /** Reads tokens until the end, or (inside ${…}) until the brace that ends the interpolation. */
  function expression(inInterpolation: boolean): void {
    let braces = 0;
    while (i < source.length) {
      const c = source[i]!;
      const rest = source.slice(i, i + 3);
      if (c === '\n') {
        tokens.push({ kind: 'newline', text: '\n', line });
        line++;
        i++;
      } else if (/\s/.test(c)) i++;
      else if (rest.startsWith('//')) {
        while (i < source.length && source[i] !== '\n') i++;
      } else if (rest.startsWith('/*')) {
        const end = source.indexOf('*/', i + 2);
        if (end < 0) problems.push(`line ${line}: comment never ends`);
        const stop = end < 0 ? source.length : end + 2;
        line += source.slice(i, stop).split('\n').length - 1;
        i = stop;
      } else if (rest === "'''") {
        const end = source.indexOf("'''", i + 3);
        if (end < 0) problems.push(`line ${line}: multi-line string never ends`);
        const stop = end < 0 ? source.length : end + 3;
        const text = source.slice(i, stop);
        tokens.push({ kind: 'string', text, line, value: text.slice(3, -3) });
        line += text.split('\n').length - 1;
        i = stop;
      } else if (c === "'") string();
      else if (/[A-Za-z_]/.test(c)) {
        const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i))![0];
        tokens.push({ kind: 'name', text: name, line });
        i += name.length;
      } else if (/[0-9]/.test(c)) {
        const number = /^[0-9]+/.exec(source.slice(i))![0];
        tokens.push({ kind: 'number', text: number, line });
        i += number.length;
      } else if (c in OPENERS) {
        if (c === '{') braces++;
        open.push({ char: c, line });
        tokens.push({ kind: 'symbol', text: c, line });
        i++;
      } else if (CLOSERS.has(c)) {
        if (inInterpolation && c === '}' && braces === 0) {
          i++;
          return;
        }
        if (c === '}') braces--;
        closeBracket(c);
        tokens.push({ kind: 'symbol', text: c, line });
        i++;
      } else {
        tokens.push({ kind: 'symbol', text: c, line });
        i++;
      }
    }
    if (inInterpolation) problems.push(`line ${line}: "\${" is never closed`);
  }

  function string(): void {
    const token: Token = { kind: 'string', text: '', line };
    tokens.push(token);
    const start = i;
    let value = '';
    let interpolated = false;
    i++;
    while (i < source.length && source[i] !== "'") {
      const c = source[i]!;
      if (c === '\n') {
        problems.push(`line ${line}: string never ends`);
        break;
      }
      if (c === '\\') {
        value += ESCAPES[source[i + 1] ?? ''] ?? source[i + 1] ?? '';
        i += 2;
      } else if (source.startsWith('${', i)) {
        interpolated = true;
        i += 2;
        // The expression's own tokens follow the string's token, so names used in it count as used.
        expression(true);
      } else {
        value += c;
        i++;
      }
    }
    i++;
    token.text = source.slice(start, i);
    if (!interpolated) token.value = value;
  }

  expression(false);
  for (const unclosed of open) problems.push(`line ${unclosed.line}: "${unclosed.char}" is never closed`);
  return { lines: source.split('\n'), tokens, problems };
}

const DECLARATION_KEYWORDS = new Set(['param', 'var', 'resource', 'module', 'output', 'type', 'func']);
// Names Bicep itself gives meaning to; everything else an expression names must be declared in the file.
const LANGUAGE_NAMES = new Set([
  'true',
  'false',
  'null',
  'for',
  'in',
  'if',
  'existing',
  'string',
  'int',
  'bool',
  'object',
  'array',
  'targetScope',
]);

export interface Declarations {
  params: Map<string, { hasDefault: boolean }>;
  vars: Set<string>;
  resources: Map<string, string>;
  outputs: Set<string>;
  loopVariables: Set<string>;
}

const atLineStart = (tokens: Token[], index: number) => index === 0 || tokens[index - 1]!.kind === 'newline';

/** Where each top-level declaration's value starts: the token after its `=`. */
function declarationValueStart(tokens: Token[], index: number): number {
  let j = index;
  while (j < tokens.length && tokens[j]!.text !== '=' && tokens[j]!.kind !== 'newline') j++;
  return tokens[j]?.text === '=' ? j + 1 : -1;
}

export function declarations(file: BicepFile): Declarations {
  const { tokens } = file;
  const found: Declarations = { params: new Map(), vars: new Set(), resources: new Map(), outputs: new Set(), loopVariables: new Set() };
  tokens.forEach((token, index) => {
    if (token.kind === 'name' && token.text === 'for' && tokens[index + 2]?.text === 'in') found.loopVariables.add(tokens[index + 1]!.text);
    if (token.kind !== 'name' || !DECLARATION_KEYWORDS.has(token.text) || !atLineStart(tokens, index)) return;
    const name = tokens[index + 1]?.text ?? '';
    if (token.text === 'param') found.params.set(name, { hasDefault: declarationValueStart(tokens, index) >= 0 });
    else if (token.text === 'var') found.vars.add(name);
    else if (token.text === 'resource' || token.text === 'module') found.resources.set(name, tokens[index + 2]?.value ?? '');
    else if (token.text === 'output') found.outputs.add(name);
  });
  return found;
}

/** Is tokens[index] an object key (`key: value` at the start of a line, or after `{` or `,`)? */
function isKey(tokens: Token[], index: number): boolean {
  const before = tokens[index - 1];
  return (
    tokens[index + 1]?.text === ':' && (before === undefined || before.kind === 'newline' || before.text === '{' || before.text === ',')
  );
}

/** Names an expression uses: not keys, not properties after `.`, not decorators or functions, not declarations themselves. */
export function referencedNames(file: BicepFile): Array<{ name: string; line: number }> {
  const { tokens } = file;
  const used: Array<{ name: string; line: number }> = [];
  tokens.forEach((token, index) => {
    if (token.kind !== 'name' || LANGUAGE_NAMES.has(token.text) || isKey(tokens, index)) return;
    const before = tokens[index - 1];
    if (before?.text === '.' || before?.text === '@' || tokens[index + 1]?.text === '(') return;
    if (DECLARATION_KEYWORDS.has(token.text) && atLineStart(tokens, index)) return;
    if (before && before.kind === 'name' && DECLARATION_KEYWORDS.has(before.text) && atLineStart(tokens, index - 1)) return;
    if (before?.text === 'for') return;
    used.push({ name: token.text, line: token.line });
  });
  return used;
}

/** The tokens between a resource's braces: `resource <symbol> '<type>' = {` … `}`. */
export function resourceBody(file: BicepFile, symbol: string): Token[] {
  const { tokens } = file;
  const start = tokens.findIndex(
    (token, index) => token.text === 'resource' && atLineStart(tokens, index) && tokens[index + 1]?.text === symbol,
  );
  if (start < 0) throw new Error(`No resource ${symbol} in the Bicep file`);
  let open = tokens.findIndex((token, index) => index > start && (token.text === '{' || token.text === '['));
  if (tokens[open]!.text === '[') open = tokens.findIndex((token, index) => index > open && token.text === '{');
  return matchingRange(tokens, open);
}

function matchingRange(tokens: Token[], open: number): Token[] {
  const closer = OPENERS[tokens[open]!.text]!;
  let depth = 0;
  for (let j = open; j < tokens.length; j++) {
    if (tokens[j]!.text === tokens[open]!.text) depth++;
    else if (tokens[j]!.text === closer && --depth === 0) return tokens.slice(open + 1, j);
  }
  throw new Error(`"${tokens[open]!.text}" on line ${tokens[open]!.line} is never closed`);
}

/**
 * What follows each `key:` in these tokens: a plain string's value, or else the rest of the line as
 * written (`identity.properties.clientId`, `true`, `'${publicBaseUrl}/api/messages'`).
 */
export function valuesOf(file: BicepFile, tokens: Token[], key: string): string[] {
  return tokens.flatMap((token, index) => {
    if (token.kind !== 'name' || token.text !== key || !isKey(tokens, index)) return [];
    const value = tokens[index + 2]!;
    if (value.value !== undefined) return [value.value];
    const line = file.lines[token.line - 1]!;
    return [
      line
        .slice(line.indexOf(':') + 1)
        .replace(/\s+\/\/\s.*$/, '')
        .trim(),
    ];
  });
}

/** The objects `{ … }` directly inside an array's tokens, each as its own tokens. */
export function objectsIn(tokens: Token[]): Token[][] {
  const objects: Token[][] = [];
  for (let index = 0; index < tokens.length; index++) {
    if (tokens[index]!.text !== '{') continue;
    const body = matchingRange(tokens, index);
    objects.push(body);
    index += body.length + 1;
  }
  return objects;
}

/** The entries of an array written after `key:` in these tokens, as the tokens inside its brackets. */
export function arrayAfter(tokens: Token[], key: string): Token[] {
  const index = tokens.findIndex((token, i) => token.kind === 'name' && token.text === key && isKey(tokens, i));
  if (index < 0 || tokens[index + 2]?.text !== '[') throw new Error(`No array after ${key}:`);
  return matchingRange(tokens, index + 2);
}

/** The plain strings of `var <name> = [ … ]`. */
export function stringArrayVar(file: BicepFile, name: string): string[] {
  const { tokens } = file;
  const index = tokens.findIndex((token, i) => token.text === 'var' && atLineStart(tokens, i) && tokens[i + 1]?.text === name);
  if (index < 0 || tokens[index + 3]?.text !== '[') throw new Error(`No array var ${name}`);
  return matchingRange(tokens, index + 3)
    .filter((token) => token.kind === 'string')
    .map((token) => token.value ?? token.text);
}
