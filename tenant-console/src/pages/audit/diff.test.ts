import { describe, expect, it } from 'vitest';

import { diffOf, shown } from './diff';

describe('the before/after diff of an audit event', () => {
  it('lists only the fields that changed, nested ones and list elements by their path', () => {
    const before = { name: '积分', expiry: { months: 12 }, tags: ['a', 'b'], version: 3 };
    const after = { name: '积分', expiry: { months: 24 }, tags: ['a', 'c', 'd'], version: 4 };
    expect(diffOf(before, after)).toEqual([
      { path: 'expiry.months', before: 12, after: 24 },
      { path: 'tags[1]', before: 'b', after: 'c' },
      { path: 'version', before: 3, after: 4 },
      { path: 'tags[2]', after: 'd' },
    ]);
  });

  it('shows a creation as every field added and a removal as every field removed', () => {
    expect(diffOf(null, { email: 'a@b.cn', roles: ['tenant-staff'] })).toEqual([
      { path: 'email', after: 'a@b.cn' },
      { path: 'roles[0]', after: 'tenant-staff' },
    ]);
    expect(diffOf({ status: 'ACTIVE' }, null)).toEqual([{ path: 'status', before: 'ACTIVE' }]);
  });

  it('tells a field set to null from a field that is not there', () => {
    expect(diffOf({ logoUrl: 'https://x/l.png' }, { logoUrl: null })).toEqual([{ path: 'logoUrl', before: 'https://x/l.png', after: null }]);
    expect(shown(null)).toBe('null');
    expect(shown(undefined)).toBe('–');
  });

  it('finds nothing changed in equal representations', () => {
    expect(diffOf({ a: { b: [1, { c: 2 }] } }, { a: { b: [1, { c: 2 }] } })).toEqual([]);
  });
});
