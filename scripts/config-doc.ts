/**
 * README's configuration table comes from bot/config.ts, the one list of settings.
 * `npm run config:doc` rewrites the table in README.md; a test fails when the two differ.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SETTINGS } from '../bot/config';

export const README = path.resolve(__dirname, '..', 'README.md');
const START = '<!-- configuration table: npm run config:doc -->';
const END = '<!-- end of configuration table -->';

export function configurationTable(): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const rows = SETTINGS.map((s) => {
    const fallback = s.default === undefined ? '(required)' : s.default === '' ? '(empty)' : `\`${s.default}\``;
    return `| \`${s.env}\` | ${fallback} | ${cell(s.description)}${s.secret ? ' Secret.' : ''} |`;
  });
  return ['| Variable | Default | Meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

/** The table as it stands in README.md. */
export function readmeTable(readme: string): string | undefined {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  return start < 0 || end < start ? undefined : readme.slice(start + START.length, end).trim();
}

if (require.main === module) {
  const readme = readFileSync(README, 'utf8');
  const current = readmeTable(readme);
  if (current === undefined) throw new Error(`README.md has no "${START}" ... "${END}" section`);
  writeFileSync(README, readme.replace(current, configurationTable()));
  process.stdout.write('README.md configuration table updated.\n');
}
