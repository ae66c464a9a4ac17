import JSZip from 'jszip';
import { IconKind, checkIcon } from './icon-rules';
import { JsonValue, isObject } from './json-paths';
import { checkAgainstTeamsSchema } from './manifest-schema';
import { checkManifestRules } from './manifest-rules';
import { fillPlaceholders, placeholderSources } from './placeholders';
import { Problem } from './problem';

export interface PackageSources {
  /** The text of appPackage/manifest.json, with ${{NAME}} placeholders. */
  manifestTemplate: string;
  /** Variables from env/.env.<name>. */
  env: Readonly<Record<string, string>>;
  /** How messages name the two inputs, e.g. "appPackage/manifest.json" and "env/.env.dev". */
  templateFile: string;
  envFile: string;
  /** Files beside the manifest (the icons), by file name. */
  files: Readonly<Record<string, Buffer>>;
}

export interface CheckedPackage {
  ok: true;
  manifestVersion: string;
  manifest: Record<string, JsonValue>;
  /** The files that go in the zip, manifest.json first. */
  files: Record<string, Buffer>;
}

export type PackageCheck = CheckedPackage | { ok: false; problems: string[] };

const ICON_KINDS: readonly IconKind[] = ['color', 'outline', 'color32x32'];

function parseJson(text: string, what: string): { ok: true; value: JsonValue } | { ok: false; problem: string } {
  try {
    return { ok: true, value: JSON.parse(text) as JsonValue };
  } catch (error) {
    return { ok: false, problem: `${what} is not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function iconFiles(
  manifest: Record<string, JsonValue>,
  files: Readonly<Record<string, Buffer>>,
): { problems: Problem[]; icons: Record<string, Buffer> } {
  const problems: Problem[] = [];
  const icons: Record<string, Buffer> = {};
  const named = isObject(manifest.icons) ? manifest.icons : {};
  for (const kind of ICON_KINDS) {
    const name = named[kind];
    if (typeof name !== 'string') continue;
    const content = Object.prototype.hasOwnProperty.call(files, name) ? files[name] : undefined;
    problems.push(...checkIcon(kind, name, content));
    if (content) icons[name] = content;
  }
  return { problems, icons };
}

/**
 * Fills the manifest template from the environment and checks the result the way Teams would: the
 * official schema, then what the schema cannot express (ids, domains, sign-in) and the icons' pixels.
 * Pure apart from reading the schema files: every input comes in as an argument.
 */
export function checkAppPackage(sources: PackageSources): PackageCheck {
  const template = parseJson(sources.manifestTemplate, sources.templateFile);
  if (!template.ok) return { ok: false, problems: [template.problem] };

  // Missing variables would make every later check fail for the same reason, so they are reported alone.
  const filled = fillPlaceholders(sources.manifestTemplate, sources.env, sources.templateFile, sources.envFile);
  if (!filled.ok) return { ok: false, problems: filled.problems };
  const parsed = parseJson(filled.text, `The manifest filled from ${sources.envFile}`);
  if (!parsed.ok) return { ok: false, problems: [parsed.problem] };
  if (!isObject(parsed.value)) return { ok: false, problems: ['The manifest must be a JSON object.'] };
  const manifest = parsed.value;

  const schema = checkAgainstTeamsSchema(manifest);
  const rules = checkManifestRules(manifest, { ...(sources.env.BOT_ID ? { botId: sources.env.BOT_ID } : {}), envFile: sources.envFile });
  const icons = iconFiles(manifest, sources.files);

  // One message per place: where a rule of ours explains a value better than the schema's pattern, keep ours.
  const explained = new Set(rules.map((problem) => problem.path).filter((path) => path !== undefined));
  const problems = [
    ...schema.problems.filter((problem) => problem.path === undefined || !explained.has(problem.path)),
    ...rules,
    ...icons.problems,
  ];

  if (problems.length > 0 || !schema.version) {
    const sourcesByPath = placeholderSources(template.value);
    return {
      ok: false,
      problems: problems.map((problem) => {
        const names = problem.path === undefined ? undefined : sourcesByPath.get(problem.path);
        return names ? `${problem.message} (It comes from ${names.join(' and ')} in ${sources.envFile}.)` : problem.message;
      }),
    };
  }
  return {
    ok: true,
    manifestVersion: schema.version,
    manifest,
    files: { 'manifest.json': Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), ...icons.icons },
  };
}

// A fixed date makes the same inputs give the same zip, byte for byte.
const ZIP_DATE = new Date('2024-01-01T00:00:00Z');

/** The app package Teams takes: the manifest and its icons at the root of a zip. */
export async function zipAppPackage(checked: CheckedPackage): Promise<Buffer> {
  const zip = new JSZip();
  for (const [name, content] of Object.entries(checked.files)) zip.file(name, content, { date: ZIP_DATE });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
