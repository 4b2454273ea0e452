import { randomBytes, randomInt, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// scrypt parameters: N=2^15 costs about 30 ms and 32 MB on this class of machine, enough to make
// offline guessing slow without letting a burst of logins exhaust memory.
const PARAMETERS = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;
/** The cost (log2 of scrypt's N) of every stored password outside the tests. */
export const STANDARD_PASSWORD_COST = Math.log2(PARAMETERS.N);
const KEY_LENGTH = 32;

function deriveKey(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/**
 * Hashes a password as `scrypt$N$r$p$salt$key` (base64), so parameters can be raised later per hash.
 * `cost` is log2 of N; only the test harness lowers it (thousands of test accounts), and since every
 * hash carries its own parameters, verifying is the same code either way.
 */
export async function hashPassword(password: string, cost: number = STANDARD_PASSWORD_COST): Promise<string> {
  const salt = randomBytes(16);
  const parameters = { ...PARAMETERS, N: 2 ** cost };
  const key = await deriveKey(password, salt, parameters);
  return ['scrypt', parameters.N, parameters.r, parameters.p, salt.toString('base64'), key.toString('base64')].join(
    '$',
  );
}

/** A hash of a random password, compared against when the user does not exist so timing does not reveal it. */
const DUMMY_HASH = await hashPassword(randomBytes(16).toString('hex'));

/** Compares in constant time; a missing user is checked against a dummy hash to take as long. */
export async function verifyPassword(password: string, stored: string | undefined): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = (stored ?? DUMMY_HASH).split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await deriveKey(password, Buffer.from(salt, 'base64'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: PARAMETERS.maxmem,
  });
  return timingSafeEqual(actual, expected) && stored !== undefined;
}

/** Passwords long enough to resist guessing; no composition rules (NIST SP 800-63B). */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

/** A random password that is easy to type from a printout: 4 groups of 5 letters and digits. */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const characters = Array.from({ length: 20 }, () => alphabet[randomInt(alphabet.length)]);
  return [0, 5, 10, 15].map((start) => characters.slice(start, start + 5).join('')).join('-');
}
