import { hashPassword, verifyPassword } from '../../../lib/server/domain/passwords';

describe('hashPassword', () => {
  it('should salt each hash differently', async () => {
    const a = await hashPassword('secret');
    const b = await hashPassword('secret');
    expect(a.salt).not.toBe(b.salt);
    expect(a.hash).not.toBe(b.hash);
    expect(a.hash).not.toContain('secret');
  });
});

describe('verifyPassword', () => {
  it('should accept the right password and reject others', async () => {
    const stored = await hashPassword('correct horse');
    await expect(verifyPassword('correct horse', stored)).resolves.toBe(true);
    await expect(verifyPassword('correct horsE', stored)).resolves.toBe(false);
    await expect(verifyPassword('', stored)).resolves.toBe(false);
  });

  it('should reject a malformed stored hash instead of throwing', async () => {
    await expect(verifyPassword('x', { salt: '00', hash: 'abcd' })).resolves.toBe(false);
  });
});
