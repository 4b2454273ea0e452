import { sql } from 'drizzle-orm';
import { users } from '../db/schema.ts';
import { createUser } from './accounts.ts';
import { addMember, assignToCohort, createCohort } from './cohorts.ts';
import type { Actor, ServiceContext } from './context.ts';
import { generatePassword } from './passwords.ts';

/** The demo accounts, documented in the README: a demo is meant to be tried, not secured. */
export const DEMO_ACCOUNTS = [
  { username: 'admin', displayName: 'Casebench Administrator', role: 'admin', password: 'demo-admin-2024' },
  { username: 'instructor', displayName: 'Ines Moreau (instructor)', role: 'instructor', password: 'demo-instructor-2024' },
  { username: 'trainee1', displayName: 'Tomas Berg', role: 'trainee', password: 'demo-trainee-2024' },
  { username: 'trainee2', displayName: 'Amira Haddad', role: 'trainee', password: 'demo-trainee-2024' },
  { username: 'trainee3', displayName: 'Lena Kowalski', role: 'trainee', password: 'demo-trainee-2024' },
] as const;

export interface SeedReport {
  seeded: 'none' | 'admin' | 'demo';
  accounts: { username: string; password: string; role: string }[];
  cohort?: { name: string; joinCode: string };
}

/**
 * Seeds an empty database: the demo (an admin, an instructor, three trainees in a cohort with every
 * loaded lab and course assigned) or, for production, only the admin with a password from the
 * environment or generated here. A database that has users is never touched.
 */
export async function seedEmptyDatabase(ctx: ServiceContext, options: { demo: boolean; adminUsername: string; adminPassword?: string }): Promise<SeedReport> {
  const count = ctx.db.select({ count: sql<number>`count(*)` }).from(users).get()!.count;
  if (count > 0) return { seeded: 'none', accounts: [] };

  if (!options.demo) {
    const password = options.adminPassword ?? generatePassword();
    await createUser(ctx, { username: options.adminUsername, displayName: 'Administrator', role: 'admin', password }, null);
    return { seeded: 'admin', accounts: [{ username: options.adminUsername, password: options.adminPassword ? '(from CASEBENCH_ADMIN_PASSWORD)' : password, role: 'admin' }] };
  }

  const created = new Map<string, Actor>();
  for (const account of DEMO_ACCOUNTS) {
    const password = account.role === 'admin' && options.adminPassword ? options.adminPassword : account.password;
    created.set(account.username, await createUser(ctx, { username: account.username, displayName: account.displayName, role: account.role, password }, null));
  }
  const instructor = created.get('instructor')!;
  const cohort = createCohort(ctx, instructor, { name: 'Demo cohort: Cybercrime investigation basics' });
  for (const account of DEMO_ACCOUNTS.filter((candidate) => candidate.role === 'trainee')) addMember(ctx, instructor, cohort.id, account.username);
  const inCourses = new Set<string>();
  for (const course of ctx.library.courses.values()) {
    assignToCohort(ctx, instructor, cohort.id, { courseId: course.definition.id });
    course.definition.labs.forEach((entry) => inCourses.add(entry.lab));
  }
  for (const labId of ctx.library.labs.keys()) if (!inCourses.has(labId)) assignToCohort(ctx, instructor, cohort.id, { labId });
  return {
    seeded: 'demo',
    accounts: DEMO_ACCOUNTS.map((account) => ({ username: account.username, password: account.role === 'admin' && options.adminPassword ? '(from CASEBENCH_ADMIN_PASSWORD)' : account.password, role: account.role })),
    cohort: { name: cohort.name, joinCode: cohort.joinCode },
  };
}
