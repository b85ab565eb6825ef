import { uuidHex } from '../lib/uuid-hex';

describe('uuidHex', () => {
  it('should give 32 lower-case hex digits of a version 4, RFC 4122 UUID', () => {
    for (let i = 0; i < 100; i++) {
      expect(uuidHex()).toMatch(/^[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}$/);
    }
  });

  it('should not repeat itself', () => {
    const ids = new Set(Array.from({ length: 1000 }, uuidHex));
    expect(ids.size).toBe(1000);
  });
});
