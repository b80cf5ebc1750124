/**
 * The mall's colour rules (platform storefront.Brand), so the console's preview shows what the mall will: the defaults,
 * the text colour that reads on a colour, and the primary colour darkened until it reads on white (prices).
 */
export const DEFAULT_PRIMARY = '#C8102E';
export const DEFAULT_ACCENT = '#F5A623';

const HEX = /^#[0-9A-Fa-f]{6}$/;

/** A colour as the mall uses it: #RRGGBB in capitals, or the default for an empty or malformed one. */
export function mallColor(value: string | null | undefined, fallback: string): string {
  return value && HEX.test(value) ? value.toUpperCase() : fallback;
}

function channel(hex: string, at: number): number {
  const c = parseInt(hex.substring(at, at + 2), 16) / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

function luminance(hex: string): number {
  return 0.2126 * channel(hex, 1) + 0.7152 * channel(hex, 3) + 0.0722 * channel(hex, 5);
}

/** Black or white, whichever reads better on {@code hex} (WCAG relative luminance). */
export function readableOn(hex: string): string {
  const l = luminance(hex);
  return 1.05 / (l + 0.05) >= (l + 0.05) / 0.05 ? '#FFFFFF' : '#000000';
}

/** {@code hex} as text on white: itself at WCAG AA (4.5:1), else darkened in steps of 5 %; black at worst. */
export function inkOnWhite(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((at) => parseInt(hex.substring(at, at + 2), 16));
  for (let percent = 100; percent >= 0; percent -= 5) {
    const candidate = `#${[r, g, b].map((c) => Math.trunc((c * percent) / 100).toString(16).toUpperCase().padStart(2, '0')).join('')}`;
    if (1.05 / (luminance(candidate) + 0.05) >= 4.5) {
      return candidate;
    }
  }
  return '#000000';
}
