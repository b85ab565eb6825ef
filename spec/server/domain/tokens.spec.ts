import { randomHex, sha256, sha256Hex } from '../../../lib/server/domain/tokens';

describe('randomHex', () => {
  it('should give 32 hex digits, different each time', () => {
    const a = randomHex();
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(randomHex()).not.toBe(a);
  });
});

describe('sha256Hex', () => {
  it('should hash to the known SHA-256 digest', () => {
    expect(sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(sha256('abc').toString('hex')).toBe(sha256Hex('abc'));
  });
});
