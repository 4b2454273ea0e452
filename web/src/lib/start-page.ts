import type { Me } from './api.ts';

/**
 * Where someone lands after signing in without a page to return to: administrators on their start
 * page, instructors on theirs, trainees on their labs. Staff belong to no cohort, so the catalogue
 * at "/" would show them no lab and a join form they cannot use.
 */
export function startPageFor(user: Pick<Me, 'role'>): string {
  if (user.role === 'admin') return '/admin';
  if (user.role === 'instructor') return '/instructor';
  return '/';
}
