import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'dotenv';
import { PNG } from 'pngjs';
import { PackageSources, checkAppPackage } from '../../scripts/package/build-package';

export const ROOT = path.resolve(__dirname, '..', '..');

/** The committed template, env/.env.dev and icons: the inputs `npm run package -- dev` uses. */
export function devSources(): PackageSources {
  return {
    manifestTemplate: readFileSync(path.join(ROOT, 'appPackage', 'manifest.json'), 'utf8'),
    env: { TEAMSFX_ENV: 'dev', ...parse(readFileSync(path.join(ROOT, 'env', '.env.dev'))) },
    templateFile: 'appPackage/manifest.json',
    envFile: 'env/.env.dev',
    files: {
      'color.png': readFileSync(path.join(ROOT, 'appPackage', 'color.png')),
      'outline.png': readFileSync(path.join(ROOT, 'appPackage', 'outline.png')),
    },
  };
}

// Tests reach into the manifest freely; the checks under test are what guard its shape.
type Template = Record<string, any>;

/** The dev inputs with one change to the manifest template. */
export function withTemplate(change: (manifest: Template) => void): PackageSources {
  const sources = devSources();
  const manifest = JSON.parse(sources.manifestTemplate) as Template;
  change(manifest);
  return { ...sources, manifestTemplate: JSON.stringify(manifest, null, 2) };
}

export function withEnv(change: (env: Record<string, string>) => void): PackageSources {
  const sources = devSources();
  const env = { ...sources.env };
  change(env);
  return { ...sources, env };
}

export function withFile(name: string, content: Buffer): PackageSources {
  const sources = devSources();
  return { ...sources, files: { ...sources.files, [name]: content } };
}

export type Rgba = [number, number, number, number];

export function png(width: number, height: number, paint: (x: number, y: number) => Rgba): Buffer {
  const image = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) image.data.set(paint(x, y), (y * width + x) * 4);
  }
  return PNG.sync.write(image);
}

/** A valid outline icon: a white square on a transparent background. */
export const whiteSquare =
  (size: number) =>
  (x: number, y: number): Rgba =>
    x > size / 4 && x < (size * 3) / 4 && y > size / 4 && y < (size * 3) / 4 ? [255, 255, 255, 255] : [0, 0, 0, 0];

/** The problems a refused build lists; fails the test if the build was not refused. */
export function problemsOf(sources: PackageSources): string[] {
  const result = checkAppPackage(sources);
  if (result.ok) throw new Error('Expected the package to be refused, but it passed every check.');
  return result.problems;
}
