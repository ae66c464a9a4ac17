import { PNG } from 'pngjs';
import { Problem } from './problem';

/*
 * Teams' icon rules, checked on the decoded pixels (the schema only sees file names): the colour icon is
 * 192×192; the outline icon is 32×32, white on a transparent background, with no other colour.
 */

export type IconKind = 'color' | 'outline' | 'color32x32';

const SIZES: Record<IconKind, number> = { color: 192, outline: 32, color32x32: 32 };

const hex = (data: Buffer, at: number): string =>
  `#${[data[at]!, data[at + 1]!, data[at + 2]!].map((c) => c.toString(16).padStart(2, '0').toUpperCase()).join('')}`;

function outlineProblems(name: string, png: PNG): Problem[] {
  const problems: Problem[] = [];
  let notWhite = 0;
  let firstNotWhite = '';
  let transparent = 0;
  for (let at = 0; at < png.data.length; at += 4) {
    const alpha = png.data[at + 3]!;
    if (alpha < 255) transparent++;
    if (alpha === 0) continue;
    if (png.data[at] !== 255 || png.data[at + 1] !== 255 || png.data[at + 2] !== 255) {
      if (notWhite === 0) {
        const pixel = at / 4;
        firstNotWhite = `(${pixel % png.width}, ${Math.floor(pixel / png.width)}) is ${hex(png.data, at)}`;
      }
      notWhite++;
    }
  }
  if (notWhite > 0) {
    problems.push({
      path: 'icons.outline',
      message: `Icon ${name} must be white on transparent only; ${notWhite} visible pixel${notWhite === 1 ? ' is' : 's are'} another colour (the first, at ${firstNotWhite}).`,
    });
  }
  if (transparent === 0)
    problems.push({ path: 'icons.outline', message: `Icon ${name} must have a transparent background; every pixel is opaque.` });
  return problems;
}

/** Checks one icon file the manifest names. */
export function checkIcon(kind: IconKind, name: string, content: Buffer | undefined): Problem[] {
  const path = `icons.${kind}`;
  if (!content)
    return [{ path, message: `The manifest's ${path} is "${name}", but there is no file of that name in the app package folder.` }];
  let png: PNG;
  try {
    png = PNG.sync.read(content);
  } catch (error) {
    return [
      { path, message: `Icon ${name} is not a PNG image Teams can read (${error instanceof Error ? error.message : String(error)}).` },
    ];
  }
  const size = SIZES[kind];
  if (png.width !== size || png.height !== size) {
    return [{ path, message: `Icon ${name} must be ${size}×${size} pixels; it is ${png.width}×${png.height}.` }];
  }
  return kind === 'outline' ? outlineProblems(name, png) : [];
}
