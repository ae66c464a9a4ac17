import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { ICON_BLUE, ICON_FILES } from '../../scripts/package/draw-icons';
import { checkIcon } from '../../scripts/package/icon-rules';
import { ROOT } from './package-fixtures';

const committed = (name: string) => readFileSync(path.join(ROOT, 'appPackage', name));

// Pixels, not bytes: another zlib may compress the same image differently.
it.each(Object.entries(ICON_FILES))('When %s is drawn again, then it is the committed file, pixel for pixel', (name, draw) => {
  const drawn = PNG.sync.read(draw());
  const file = PNG.sync.read(committed(name));
  expect([drawn.width, drawn.height]).toEqual([file.width, file.height]);
  expect(drawn.data.equals(file.data)).toBe(true);
});

it('When the committed icons are checked as Teams would, then both pass', () => {
  expect(checkIcon('color', 'color.png', committed('color.png'))).toEqual([]);
  expect(checkIcon('outline', 'outline.png', committed('outline.png'))).toEqual([]);
});

it('When the colour icon is decoded, then it is opaque, on the accent colour, with white people in the middle', () => {
  const icon = PNG.sync.read(committed('color.png'));
  const pixel = (x: number, y: number) =>
    `#${[0, 1, 2]
      .map((c) => icon.data[(y * icon.width + x) * 4 + c]!.toString(16).padStart(2, '0'))
      .join('')
      .toUpperCase()}`;
  expect(icon.data.filter((_, i) => i % 4 === 3).every((alpha) => alpha === 255)).toBe(true);
  expect(pixel(0, 0)).toBe(ICON_BLUE);
  expect(pixel(124, 110)).toBe('#FFFFFF');
});

it('When the outline icon is decoded, then it is mostly transparent with some fully white pixels', () => {
  const icon = PNG.sync.read(committed('outline.png'));
  const alphas = icon.data.filter((_, i) => i % 4 === 3);
  expect(alphas.filter((alpha) => alpha === 0).length).toBeGreaterThan(32 * 32 * 0.4);
  expect(alphas.filter((alpha) => alpha === 255).length).toBeGreaterThan(32 * 32 * 0.2);
});

it("When the manifest's accent colour is read, then it is the colour icon's background", () => {
  expect(JSON.parse(committed('manifest.json').toString()).accentColor).toBe(ICON_BLUE);
});
