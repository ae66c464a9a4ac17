import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { isObject, pathFromPointer } from './json-paths';
import { Problem } from './problem';

/*
 * The official Teams manifest schemas, as @microsoft/app-manifest ships them (JSON Schema draft-04).
 * They are read from node_modules, never fetched: the build must work offline.
 */
const SCHEMA_ROOT = path.join(path.dirname(require.resolve('@microsoft/app-manifest/package.json')), 'build', 'json-schemas', 'teams');

export function knownManifestVersions(): string[] {
  return readdirSync(SCHEMA_ROOT)
    .filter((name) => /^v\d+\.\d+$/.test(name))
    .map((name) => name.slice(1))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

const compiled = new Map<string, ValidateFunction>();

function validatorFor(version: string): ValidateFunction | undefined {
  const cached = compiled.get(version);
  if (cached) return cached;
  const file = path.join(SCHEMA_ROOT, `v${version}`, 'MicrosoftTeams.schema.json');
  if (!/^\d+\.\d+$/.test(version) || !existsSync(file)) return undefined;
  // verbose puts the offending value on each error, so messages can say what was found.
  const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(file, 'utf8')) as object);
  compiled.set(version, validate);
  return validate;
}

const quote = (value: unknown): string =>
  typeof value === 'string' ? `"${value.length > 60 ? `${value.slice(0, 57)}...` : value}"` : JSON.stringify(value);

function describe(error: ErrorObject): Problem {
  const at = pathFromPointer(error.instancePath);
  const where = at === '' ? 'The manifest' : at;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { path: at, message: `${at === '' ? '' : `${at}.`}${String(params.missingProperty)} is missing.` };
    case 'maxLength':
      return {
        path: at,
        message: `${where} is too long: at most ${String(params.limit)} characters, and it has ${String((error.data as string).length)}.`,
      };
    case 'minLength':
      return { path: at, message: `${where} is too short: at least ${String(params.limit)} characters.` };
    case 'maxItems':
      return { path: at, message: `${where} has too many entries: at most ${String(params.limit)}.` };
    case 'minItems':
      return { path: at, message: `${where} needs at least ${String(params.limit)} entries.` };
    case 'additionalProperties':
      return { path: at, message: `${where} has "${String(params.additionalProperty)}", which the Teams manifest does not allow there.` };
    case 'enum':
      return {
        path: at,
        message: `${where} must be one of ${(params.allowedValues as unknown[]).map(quote).join(', ')}; it is ${quote(error.data)}.`,
      };
    case 'const':
      return { path: at, message: `${where} must be ${quote(params.allowedValue)}; it is ${quote(error.data)}.` };
    case 'pattern':
      return { path: at, message: `${where} is not in the form Teams expects (${String(params.pattern)}); it is ${quote(error.data)}.` };
    case 'type':
      return { path: at, message: `${where} must be ${String(params.type)}.` };
    case 'uniqueItems':
      return { path: at, message: `${where} lists the same entry twice.` };
    default:
      return { path: at, message: `${where} ${error.message ?? 'is not valid'}.` };
  }
}

/** Checks the manifest against the official schema for its own manifestVersion. */
export function checkAgainstTeamsSchema(manifest: unknown): { version?: string; problems: Problem[] } {
  const version = isObject(manifest) ? manifest.manifestVersion : undefined;
  if (typeof version !== 'string')
    return {
      problems: [{ path: 'manifestVersion', message: 'manifestVersion is missing: it names the Teams manifest schema to check against.' }],
    };
  const validate = validatorFor(version);
  if (!validate) {
    return {
      problems: [
        {
          path: 'manifestVersion',
          message: `manifestVersion "${version}" is not a Teams manifest version we can check against (known: ${knownManifestVersions().join(', ')}).`,
        },
      ],
    };
  }
  if (validate(manifest)) return { version, problems: [] };
  const problems = (validate.errors ?? [])
    .map(describe)
    .map((problem) => ({ ...problem, message: `Teams manifest schema v${version}: ${problem.message}` }));
  return {
    version,
    problems: problems.filter((problem, index) => problems.findIndex((other) => other.message === problem.message) === index),
  };
}
