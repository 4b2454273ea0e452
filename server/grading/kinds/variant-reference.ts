import { z } from 'zod';

/**
 * A spec field written as a whole reference to a generated variant value, such as "{{attacker_ip}}".
 * Use it in a union with the literal type where the field is not a string (a number); the registry
 * replaces the reference with the variant's value before `check()` runs.
 */
export const variantReference = z.string().regex(/^\{\{\s*[a-z][a-z0-9_]*\s*\}\}$/u);
