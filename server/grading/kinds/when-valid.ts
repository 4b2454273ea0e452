import type { z } from 'zod';

/**
 * For cross-field refinements: run only when everything else in the value is valid. Zod would
 * otherwise run them after non-aborting issues (a failed .refine on an element), on partial data.
 */
export const whenValid: z.core.$ZodSuperRefineParams = { when: (payload) => payload.issues.length === 0 };
