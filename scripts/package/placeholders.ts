import { JsonValue, walkStrings } from './json-paths';

/** The Agents Toolkit's placeholder: ${{NAME}}, spaces allowed inside the braces. */
const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Anything that still looks like a placeholder once the well-formed ones are filled. */
const LEFTOVER = /\$\{\{[^"]{0,60}/;

/** The one variable allowed to be empty: production has no suffix after the app's name. */
export const MAY_BE_EMPTY: readonly string[] = ['APP_NAME_SUFFIX'];

export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((match) => match[1]!))];
}

/** For each place in the template that is filled from the environment, the variables that fill it. */
export function placeholderSources(template: JsonValue): Map<string, string[]> {
  const sources = new Map<string, string[]>();
  walkStrings(template, (path, value) => {
    const names = placeholdersIn(value);
    if (names.length > 0) sources.set(path, names);
  });
  return sources;
}

export type Filled = { ok: true; text: string } | { ok: false; problems: string[] };

/**
 * Replaces each ${{NAME}} in the manifest template with its value. Every placeholder sits inside a JSON
 * string, so values are escaped as JSON string content: a council name with quotes cannot break the file.
 */
export function fillPlaceholders(template: string, env: Readonly<Record<string, string>>, templateFile: string, envFile: string): Filled {
  const problems: string[] = [];
  for (const name of placeholdersIn(template)) {
    const value = env[name];
    if (value === undefined) problems.push(`${templateFile} uses \${{${name}}}, but ${name} is not set in ${envFile}.`);
    else if (value.trim() === '' && !MAY_BE_EMPTY.includes(name))
      problems.push(`${name} is empty in ${envFile}; ${templateFile} needs a value for it.`);
  }
  if (problems.length > 0) return { ok: false, problems };

  const text = template.replace(PLACEHOLDER, (_whole, name: string) => JSON.stringify(env[name]).slice(1, -1));
  const leftover = LEFTOVER.exec(text);
  if (leftover) {
    return {
      ok: false,
      problems: [
        `The manifest still contains "${leftover[0]}" after filling in ${envFile}. Write placeholders as \${{NAME}} ` +
          '(letters, digits and _), and do not put ${{ in the values.',
      ],
    };
  }
  return { ok: true, text };
}
