import type { DbOrTransaction } from '../../db/per-connection.ts';
import { eq, sql } from 'drizzle-orm';
import { referenceAnswers } from '../../grading/registry.ts';
import type { AnswerInput } from '../../grading/types.ts';
import { cohortAssignments, cohortMembers, cohorts, users, type Role } from '../../db/schema.ts';
import { inventPseudonym, toActor } from '../accounts/accounts.ts';
import { assignmentsFor } from '../trainee/lab-access.ts';
import { submitAnswer } from '../trainee/submit-answer.ts';
import { openTraineeLab } from '../trainee/trainee-lab.ts';
import { recordAudit } from '../accounts/audit.ts';
import { newJoinCode } from '../cohorts/cohorts.ts';
import type { ServiceContext } from '../context.ts';
import { generatePassword, hashPassword } from '../../security/passwords.ts';

/** The demo accounts, documented in the README: a demo is meant to be tried, not secured. */
export const DEMO_ACCOUNTS = [
  { username: 'admin', displayName: 'Casebench Administrator', role: 'admin', password: 'demo-admin-2024' },
  {
    username: 'instructor',
    displayName: 'Ines Moreau (instructor)',
    role: 'instructor',
    password: 'demo-instructor-2024',
  },
  { username: 'trainee1', displayName: 'Tomas Berg', role: 'trainee', password: 'demo-trainee-2024' },
  { username: 'trainee2', displayName: 'Amira Haddad', role: 'trainee', password: 'demo-trainee-2024' },
  { username: 'trainee3', displayName: 'Lena Kowalski', role: 'trainee', password: 'demo-trainee-2024' },
] as const;

export interface SeedReport {
  seeded: 'none' | 'admin' | 'demo';
  accounts: { username: string; password: string; role: string }[];
  cohort?: { name: string; joinCode: string };
}

interface AccountToSeed {
  username: string;
  displayName: string;
  role: Role;
  password: string;
  shownPassword: string;
}

/**
 * Seeds an empty database: the demo (an admin, an instructor, three trainees in a cohort with every
 * loaded lab and course assigned) or, for production, only the admin with a password from the
 * environment or generated here. Passwords are hashed first and everything is then written in one
 * transaction, so a start killed midway leaves an empty database that the next start seeds again,
 * never half a demo. A database that has users is never touched.
 */
/**
 * A little activity by two demo trainees, so that the scoreboard, the progress matrix, the analytics
 * and the review queue show something on first start. It goes through the same services as real
 * answers (variants, grading, the score ledger), so the data is consistent; trainee1 is left
 * untouched for whoever tries the demo.
 */
export async function seedDemoActivity(ctx: ServiceContext): Promise<void> {
  const plans = [
    { username: 'trainee2', solve: 3, wrongFirst: true, manual: false },
    { username: 'trainee3', solve: 1, wrongFirst: true, manual: true },
  ];
  for (const plan of plans) {
    const row = ctx.db.select().from(users).where(eq(users.username, plan.username)).get();
    if (!row) continue;
    const actor = toActor(row);
    for (const assignment of assignmentsFor(ctx, actor)
      .filter((candidate) => candidate.state === 'open')
      .slice(0, 2)) {
      const lab = assignment.lab;
      const { variant } = await openTraineeLab(ctx, actor, lab.definition.id);
      let solved = 0;
      for (const task of lab.definition.tasks) {
        const resolved = variant.tasks.get(task.id)!;
        const submit = (answer: AnswerInput) =>
          submitAnswer(ctx, actor, { labId: lab.definition.id, taskId: task.id, answer }).catch(() => undefined);
        if (resolved.answer.kind === 'manual') {
          if (plan.manual)
            await submit(
              'My finding: the evidence shows the attack step by step; see my notes for the exhibits and times.',
            );
          continue;
        }
        if (solved >= plan.solve) continue;
        const wrong = resolved.examples.reject[0];
        if (plan.wrongFirst && wrong !== undefined) await submit(wrong);
        const [reference] = referenceAnswers(resolved.answer);
        if (reference !== undefined && (await submit(reference))?.status === 'solved') solved++;
      }
    }
  }
}

export async function seedEmptyDatabase(
  ctx: ServiceContext,
  options: { demo: boolean; adminUsername: string; adminPassword?: string },
): Promise<SeedReport> {
  const isEmpty = (db: DbOrTransaction) => db.select({ count: sql<number>`count(*)` }).from(users).get()!.count === 0;
  if (!isEmpty(ctx.db)) return { seeded: 'none', accounts: [] };

  const fromEnvironment = '(from CASEBENCH_ADMIN_PASSWORD)';
  let accounts: AccountToSeed[];
  if (options.demo) {
    accounts = DEMO_ACCOUNTS.map((account) =>
      account.role === 'admin' && options.adminPassword
        ? { ...account, password: options.adminPassword, shownPassword: fromEnvironment }
        : { ...account, shownPassword: account.password },
    );
  } else {
    const password = options.adminPassword ?? generatePassword();
    accounts = [
      {
        username: options.adminUsername,
        displayName: 'Administrator',
        role: 'admin',
        password,
        shownPassword: options.adminPassword ? fromEnvironment : password,
      },
    ];
  }
  const hashes = await Promise.all(accounts.map((account) => hashPassword(account.password)));

  // Checked again inside the write: two processes starting on one new file seed it once.
  return ctx.writes.run((tx): SeedReport => {
    if (!isEmpty(tx)) return { seeded: 'none', accounts: [] };
    const now = ctx.now();
    const ids = new Map<string, number>();
    accounts.forEach((account, index) => {
      const row = tx
        .insert(users)
        .values({
          username: account.username,
          displayName: account.displayName,
          role: account.role,
          passwordHash: hashes[index]!,
          pseudonym: inventPseudonym(),
          createdAt: now,
        })
        .returning({ id: users.id })
        .get();
      ids.set(account.username, row.id);
      recordAudit(tx, {
        actorId: null,
        action: 'user.create',
        subject: `user:${row.id}`,
        details: { username: account.username, role: account.role, seeded: true },
        at: now,
      });
    });
    const report: SeedReport = {
      seeded: options.demo ? 'demo' : 'admin',
      accounts: accounts.map(({ username, shownPassword, role }) => ({ username, password: shownPassword, role })),
    };
    if (!options.demo) return report;

    const instructorId = ids.get('instructor')!;
    const cohort = tx
      .insert(cohorts)
      .values({
        name: 'Demo cohort: Cybercrime investigation basics',
        instructorId,
        joinCode: newJoinCode(),
        createdAt: now,
      })
      .returning()
      .get();
    for (const account of accounts.filter((candidate) => candidate.role === 'trainee'))
      tx.insert(cohortMembers)
        .values({ cohortId: cohort.id, userId: ids.get(account.username)!, joinedAt: now })
        .run();
    const assign = (labId: string, courseId: string | null) =>
      tx
        .insert(cohortAssignments)
        .values({ cohortId: cohort.id, labId, courseId, assignedBy: instructorId, createdAt: now })
        .onConflictDoNothing()
        .run();
    for (const course of ctx.library.courses.values())
      for (const entry of course.definition.labs) assign(entry.lab, course.definition.id);
    for (const labId of ctx.library.labs.keys()) assign(labId, null);
    recordAudit(tx, {
      actorId: instructorId,
      action: 'cohort.create',
      subject: `cohort:${cohort.id}`,
      details: { name: cohort.name, seeded: true },
      at: now,
    });
    return { ...report, cohort: { name: cohort.name, joinCode: cohort.joinCode } };
  });
}
