import { z } from 'zod';
import { isReference } from '../variables.ts';

/**
 * A spec field written as a whole reference to a generated variant value, such as "{{attacker_ip}}".
 * Use it in a union with the literal type where the field is not a string (a number); the registry
 * replaces the reference with the variant's value before `check()` runs.
 */
export const variantReference = z.string().regex(/^\{\{\s*[a-z][a-z0-9_]*\s*\}\}$/u);

/**
 * Throws when a spec field, or an item of a list field, is still a whole variant reference, and
 * returns the field otherwise. The registry resolves specs before grading, so a reference here is a
 * programming error, not something a trainee's answer can cause. `T` is the field's type once
 * resolved; it is not checked (the kinds check the shape they need themselves).
 */
export function assertResolved<T>(value: T | string, field: string, kind: string): T {
  if (isReference(value))
    throw new Error(
      `${kind} answer: ${field} is still the variant reference ${String(value)}; resolve the spec for a variant ` +
        'before checking',
    );
  if (Array.isArray(value)) {
    const item: unknown = value.find(isReference);
    if (item !== undefined)
      throw new Error(
        `${kind} answer: ${field} item ${String(item)} is still a variant reference; resolve the spec for a variant ` +
          'before checking',
      );
  }
  return value as T;
}
