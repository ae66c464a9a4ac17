import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';

/*
 * Draws the app's two Teams icons: three people waiting in line, the nearest one largest.
 * Run `npx tsx scripts/package/draw-icons.ts` to redraw appPackage/color.png and appPackage/outline.png;
 * tests/package/icons.test.ts checks the committed files are exactly what this draws.
 */

/** The colour icon's background; also the manifest's accentColor. GOV.UK blue, readable under white. */
export const ICON_BLUE = '#1D70B8';

type Rgb = readonly [number, number, number];

interface Person {
  /** Centre of the person, in pixels. */
  x: number;
  /** Where the shoulders end (the bottom of the figure), in pixels. */
  floor: number;
  /** 1 is the nearest person; the figure's proportions scale with it. */
  scale: number;
  colour: Rgb;
}

interface Layout {
  size: number;
  /** A person's full-size measurements, in pixels. */
  headRadius: number;
  shouldersWidth: number;
  shouldersHeight: number;
  neck: number;
  /** Clear space drawn round each person so the one behind does not merge into them. */
  gap: number;
  /** Nearest person last. */
  people: Person[];
}

const WHITE: Rgb = [255, 255, 255];
const hex = (colour: string): Rgb => [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16)) as unknown as Rgb;

function inside(layout: Layout, person: Person, px: number, py: number, grow: number): boolean {
  const s = person.scale;
  const halfWidth = (layout.shouldersWidth * s) / 2 + grow;
  const height = layout.shouldersHeight * s + grow;
  // Shoulders: the top half of an ellipse standing on the floor.
  if (py <= person.floor) {
    const dx = (px - person.x) / halfWidth;
    const dy = (py - person.floor) / height;
    if (dx * dx + dy * dy <= 1) return true;
  }
  const headY = person.floor - layout.shouldersHeight * s - layout.neck * s - layout.headRadius * s;
  const r = layout.headRadius * s + grow;
  return (px - person.x) ** 2 + (py - headY) ** 2 <= r * r;
}

/** What is seen at one point: the nearest person covering it, or nothing (the gap round a person hides those behind). */
function colourAt(layout: Layout, px: number, py: number): Rgb | undefined {
  for (let i = layout.people.length - 1; i >= 0; i--) {
    const person = layout.people[i]!;
    if (inside(layout, person, px, py, 0)) return person.colour;
    if (inside(layout, person, px, py, layout.gap)) return undefined;
  }
  return undefined;
}

const SAMPLES = 4;

/** Renders with 4×4 samples a pixel, so edges are smooth. Returns RGBA pixels over the background (or transparent). */
function render(layout: Layout, background: Rgb | undefined): PNG {
  const png = new PNG({ width: layout.size, height: layout.size, colorType: background ? 2 : 6 });
  for (let y = 0; y < layout.size; y++) {
    for (let x = 0; x < layout.size; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let covered = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const colour = colourAt(layout, x + (sx + 0.5) / SAMPLES, y + (sy + 0.5) / SAMPLES);
          if (!colour) continue;
          r += colour[0];
          g += colour[1];
          b += colour[2];
          covered++;
        }
      }
      const total = SAMPLES * SAMPLES;
      const at = (y * layout.size + x) * 4;
      if (background) {
        const empty = total - covered;
        png.data[at] = Math.round((r + background[0] * empty) / total);
        png.data[at + 1] = Math.round((g + background[1] * empty) / total);
        png.data[at + 2] = Math.round((b + background[2] * empty) / total);
        png.data[at + 3] = 255;
      } else {
        // Outline icons are white only; coverage becomes transparency.
        png.data[at] = 255;
        png.data[at + 1] = 255;
        png.data[at + 2] = 255;
        png.data[at + 3] = Math.round((covered / total) * 255);
      }
    }
  }
  return png;
}

function mix(colour: Rgb, into: Rgb, amount: number): Rgb {
  return colour.map((c, i) => Math.round(c + (into[i]! - c) * amount)) as unknown as Rgb;
}

/** 192×192, opaque blue; the figures sit inside the middle 120 pixels, where Teams never crops. */
export function drawColourIcon(): Buffer {
  const blue = hex(ICON_BLUE);
  const layout: Layout = {
    size: 192,
    headRadius: 16,
    shouldersWidth: 62,
    shouldersHeight: 36,
    neck: 5,
    gap: 4,
    people: [
      { x: 60, floor: 133, scale: 0.64, colour: mix(WHITE, blue, 0.45) },
      { x: 89, floor: 133, scale: 0.8, colour: mix(WHITE, blue, 0.22) },
      { x: 124, floor: 133, scale: 1, colour: WHITE },
    ],
  };
  return PNG.sync.write(render(layout, blue), { colorType: 2 });
}

/** 32×32, white on transparent: the same line of people, drawn to fill the small square. */
export function drawOutlineIcon(): Buffer {
  const layout: Layout = {
    size: 32,
    headRadius: 4,
    shouldersWidth: 15,
    shouldersHeight: 9,
    neck: 1.2,
    gap: 1.2,
    people: [
      { x: 7.5, floor: 26, scale: 0.68, colour: WHITE },
      { x: 14.5, floor: 26, scale: 0.82, colour: WHITE },
      { x: 22.5, floor: 26, scale: 1, colour: WHITE },
    ],
  };
  return PNG.sync.write(render(layout, undefined), { colorType: 6 });
}

export const ICON_FILES = { 'color.png': drawColourIcon, 'outline.png': drawOutlineIcon } as const;

if (require.main === module) {
  const appPackage = path.resolve(__dirname, '..', '..', 'appPackage');
  for (const [name, draw] of Object.entries(ICON_FILES)) {
    writeFileSync(path.join(appPackage, name), draw());
    process.stdout.write(`Drew appPackage/${name}\n`);
  }
}
