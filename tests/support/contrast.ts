import type { FrameLocator } from 'playwright-core';

/** One badge as painted: its words, and the contrast of its text against what is behind it. */
export interface PaintedBadge {
  text: string;
  ratio: number;
  colour: string;
  background: string;
}

/**
 * Every badge in the tab as the browser paints it, with its contrast ratio as WCAG 2.2 defines it
 * (https://www.w3.org/TR/WCAG22/#dfn-contrast-ratio): the text colour against the background behind it,
 * half-transparent layers blended over what lies under them, as a tint badge's background is.
 */
export async function paintedBadges(tab: FrameLocator): Promise<PaintedBadge[]> {
  return tab.locator(':root').evaluate(() => {
    type Rgba = [number, number, number, number];
    const parse = (colour: string): Rgba => {
      const parts = /rgba?\(([^)]+)\)/
        .exec(colour)?.[1]
        ?.split(/[\s,/]+/)
        .filter(Boolean)
        .map(Number);
      if (!parts || parts.length < 3) throw new Error(`A colour the test cannot read: ${colour}`);
      return [parts[0]!, parts[1]!, parts[2]!, parts[3] ?? 1];
    };
    const over = (top: Rgba, under: Rgba): Rgba => {
      const a = top[3] + under[3] * (1 - top[3]);
      if (a === 0) return [0, 0, 0, 0];
      const mix = (i: number) => (top[i]! * top[3] + under[i]! * under[3] * (1 - top[3])) / a;
      return [mix(0), mix(1), mix(2), a];
    };
    // What is painted behind an element: its own background and its ancestors', from the page up.
    const behind = (element: Element | null): Rgba => {
      if (!element) return [255, 255, 255, 1];
      const own = parse(getComputedStyle(element).backgroundColor);
      return own[3] >= 1 ? own : over(own, behind(element.parentElement));
    };
    const luminance = ([r, g, b]: Rgba): number => {
      const channel = (c: number) => {
        const s = c / 255;
        return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    return [...document.querySelectorAll('.fui-Badge')].map((badge) => {
      const background = behind(badge);
      const text = over(parse(getComputedStyle(badge).color), background);
      const [lighter, darker] = [luminance(text), luminance(background)].sort((a, b) => b - a) as [number, number];
      return {
        text: badge.textContent ?? '',
        ratio: Math.round(((lighter + 0.05) / (darker + 0.05)) * 100) / 100,
        colour: `rgb(${text.slice(0, 3).map(Math.round).join(', ')})`,
        background: `rgb(${background.slice(0, 3).map(Math.round).join(', ')})`,
      };
    });
  });
}
