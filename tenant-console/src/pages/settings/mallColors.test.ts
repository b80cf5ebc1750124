import { describe, expect, it } from 'vitest';

import { DEFAULT_PRIMARY, inkOnWhite, mallColor, readableOn } from './mallColors';

describe("the mall's colour rules, as the storefront applies them", () => {
  it('falls back to the default for an empty or malformed colour and writes a good one in capitals', () => {
    expect(mallColor('', DEFAULT_PRIMARY)).toBe('#C8102E');
    expect(mallColor('#12345', DEFAULT_PRIMARY)).toBe('#C8102E');
    expect(mallColor(null, DEFAULT_PRIMARY)).toBe('#C8102E');
    expect(mallColor('#1e88e5', DEFAULT_PRIMARY)).toBe('#1E88E5');
  });

  it('puts white text on dark colours and black on light ones', () => {
    expect(readableOn('#C8102E')).toBe('#FFFFFF');
    expect(readableOn('#FFEB3B')).toBe('#000000');
    expect(readableOn('#F5A623')).toBe('#000000');
  });

  it('keeps a colour that reads on white and darkens one that does not (as storefront.Brand.inkOnWhite)', () => {
    expect(inkOnWhite('#C8102E')).toBe('#C8102E');
    expect(inkOnWhite('#000000')).toBe('#000000');
    // The platform's own expectations (StorefrontFormatsTest): the preview's prices match the mall's.
    expect(inkOnWhite('#F5C518')).toBe('#866C0D');
    expect(inkOnWhite('#FFFFFF')).toBe('#727272');
  });
});
