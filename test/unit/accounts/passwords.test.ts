import { describe, expect, it } from 'vitest';
import { hashPassword, STANDARD_PASSWORD_COST, verifyPassword } from '../../../server/security/passwords.ts';

describe('stored passwords', () => {
  it('are hashed at N=2^15 unless told otherwise', async () => {
    expect(STANDARD_PASSWORD_COST).toBe(15);
    expect((await hashPassword('correct horse battery')).split('$').slice(0, 4)).toEqual(['scrypt', '32768', '8', '1']);
  });

  it('carry their own cost, so a hash made cheaper (as the test harness does) verifies the same way', async () => {
    const stored = await hashPassword('correct horse battery', 10);
    expect(stored.split('$')[1]).toBe('1024');
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyPassword('correct horse battery!', stored)).toBe(false);
  });
});
