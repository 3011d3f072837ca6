/** The organisation's brand colour and the colours that read on it: shared by the pages (web) and the emails (core). */

const fallbackBrand = "#1f4fd1";
export const ink = "#1b1f24";
export const pageBackground = "#f4f5f7";
const white = "#ffffff";

function rgbOf(hex: string): [number, number, number] {
  const h = hex.slice(1);
  const full = h.length === 3 ? [...h].map((c) => c + c).join("") : h;
  return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16)) as [number, number, number];
}

/** WCAG 2 relative luminance of a #rgb or #rrggbb colour. */
function relativeLuminance(hex: string): number {
  const [r, g, b] = rgbOf(hex).map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio of two colours, from 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The brand colour if it is a safe hex colour (it goes into CSS), else Rapport's blue. */
export function safeBrandColor(color: string): string {
  return /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(color.trim()) ? color.trim().toLowerCase() : fallbackBrand;
}

/** Text colour for the brand background: white when it reaches 4.5:1, else near-black (or black, which always does). */
export function textOn(background: string): string {
  if (contrastRatio(background, white) >= 4.5) return white;
  if (contrastRatio(background, ink) >= 4.5) return ink;
  return "#000000";
}

/** The colour for links, borders and the selected answer on the light page: the brand colour if it reads there, else ink. */
export function accentFor(brand: string): string {
  return contrastRatio(brand, pageBackground) >= 4.5 ? brand : ink;
}
