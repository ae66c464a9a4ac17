import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { checkAppPackage, zipAppPackage } from './package/build-package';
import { readEnvironment } from './package/env-files';

/*
 * npm run package [-- <environment>]   (default: dev)
 * Builds appPackage/build/appPackage.<environment>.zip from appPackage/manifest.json and env/.env.<environment>,
 * checked offline the way Teams would check it. Exits with 1, listing every problem, when Teams would refuse it.
 */

export interface PackageAppOptions {
  envName: string;
  /** The project folder (holding appPackage/ and env/). */
  root: string;
  /** Where the zip goes; appPackage/build under root unless given. */
  outDir?: string;
  processEnv?: Readonly<Record<string, string | undefined>>;
}

export type PackageAppResult = { ok: true; zipPath: string; manifestVersion: string; notes: string[] } | { ok: false; problems: string[] };

const TEMPLATE_FILE = 'appPackage/manifest.json';

function packageFolderFiles(folder: string): Record<string, Buffer> {
  const files: Record<string, Buffer> = {};
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (entry.isFile() && entry.name !== 'manifest.json') files[entry.name] = readFileSync(path.join(folder, entry.name));
  }
  return files;
}

export async function packageApp(options: PackageAppOptions): Promise<PackageAppResult> {
  const read = readEnvironment(options.root, options.envName, options.processEnv ?? {});
  if (!read.ok) return { ok: false, problems: [read.problem] };
  const { environment } = read;
  const appPackage = path.join(options.root, 'appPackage');

  const checked = checkAppPackage({
    manifestTemplate: readFileSync(path.join(options.root, TEMPLATE_FILE), 'utf8'),
    env: environment.values,
    templateFile: TEMPLATE_FILE,
    envFile: environment.file,
    files: packageFolderFiles(appPackage),
  });
  if (!checked.ok) return checked;

  const outDir = options.outDir ?? path.join(appPackage, 'build');
  mkdirSync(outDir, { recursive: true });
  const zipPath = path.join(outDir, `appPackage.${environment.name}.zip`);
  writeFileSync(zipPath, await zipAppPackage(checked));
  // The filled manifest beside the zip, as the Agents Toolkit leaves it, for reading without unzipping.
  writeFileSync(path.join(outDir, `manifest.${environment.name}.json`), checked.files['manifest.json']!);
  const notes = environment.fromProcess.map((name) => `${name} came from the process environment, not ${environment.file}.`);
  return { ok: true, zipPath, manifestVersion: checked.manifestVersion, notes };
}

async function main(): Promise<void> {
  const envName = process.argv[2] ?? 'dev';
  const root = path.resolve(__dirname, '..');
  const result = await packageApp({ envName, root, processEnv: process.env });
  if (!result.ok) {
    const count = result.problems.length;
    process.stderr.write(
      `The Teams app package for "${envName}" was not built. Fix ${count === 1 ? 'this problem' : `these ${count} problems`}, then run it again:\n`,
    );
    result.problems.forEach((problem, i) => process.stderr.write(`  ${i + 1}. ${problem}\n`));
    process.exitCode = 1;
    return;
  }
  for (const note of result.notes) process.stdout.write(`Note: ${note}\n`);
  process.stdout.write(
    `Built ${path.relative(root, result.zipPath)}\n` +
      `  Checked against the Teams manifest schema v${result.manifestVersion}, and for ids, domains, sign-in and icons.\n`,
  );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`Could not build the app package: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
