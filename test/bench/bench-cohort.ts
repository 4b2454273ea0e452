/**
 * The benchmark's data set: a lab of ten text tasks and one cohort of BENCH_TRAINEES trainees
 * (default 10,000) with BENCH_SUBMISSIONS answers (default 1,000,000), written straight into a fresh
 * database so that every table (submissions, task results, cohort totals) is consistent.
 */
import Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openDatabase } from '../../server/db/client.ts';
import { scaffoldLab } from '../../server/labs/scaffold.ts';
import { hashPassword } from '../../server/security/passwords.ts';

export const TRAINEES = Number(process.env.BENCH_TRAINEES ?? 10_000);
export const SUBMISSIONS = Number(process.env.BENCH_SUBMISSIONS ?? 1_000_000);
export const TASKS = 10;
export const SESSIONS = Math.min(TRAINEES, 2_000);
export const LAB = 'bench-lab';

/** The user id of the trainee holding session token `tokenIndex` (the instructor is user 1, trainee n is user n + 1). */
export const userIdOfToken = (tokenIndex: number) => tokenIndex + 2;
/** How many of the tasks the seeded trainee with this user id has solved (10 points each, the first ones). */
export const solvedTasksOf = (userId: number) => userId % (TASKS + 1);
/** The seeded trainee's display name and pseudonym. */
export const namesOf = (userId: number) => ({ name: `Trainee ${userId - 1}`, pseudonym: `Swift Heron ${userId - 1}` });

/**
 * The lab: tasks finding-1..finding-TASKS, which the seed answers, and `extraTasks` more after them that
 * no one has answered yet (the storm's); the answer to finding-n is answer-n.
 */
export async function writeBenchLab(labsDir: string, extraTasks = 0): Promise<void> {
  const dir = await scaffoldLab(labsDir, LAB);
  const tasks = Array.from(
    { length: TASKS + extraTasks },
    (_, index) => `  - id: finding-${index + 1}
    title: Finding ${index + 1}
    prompt: What is finding ${index + 1}?
    points: 10
    answer: { kind: text, expected: answer-${index + 1} }`,
  ).join('\n');
  const yamlPath = join(dir, 'lab.yaml');
  const text = readFileSync(yamlPath, 'utf8');
  await writeFile(yamlPath, text.replace(/\ntasks:\n[\s\S]*$/u, `\ntasks:\n${tasks}\n`));
}

/** Seeds the database directly (the API would take hours for a million answers), keeping every table consistent. */
export async function seedBenchCohort(
  databasePath: string,
): Promise<{ cohortId: number; tokens: string[]; instructorToken: string }> {
  openDatabase(databasePath).$client.close(); // creates the schema through the migrations
  const db = new Database(databasePath);
  db.pragma('journal_mode = WAL');
  const passwordHash = await hashPassword('bench-password-1');
  const now = Date.parse('2024-04-01T09:00:00Z');
  const tokens: string[] = [];
  const instructorToken = randomBytes(32).toString('base64url');
  db.transaction(() => {
    const user = db.prepare(
      'insert into users (username, display_name, role, password_hash, pseudonym, created_at) values (?, ?, ?, ?, ?, ?)',
    );
    const instructorId = Number(
      user.run('bench-instructor', 'Bench Instructor', 'instructor', passwordHash, 'Calm Owl 1', now).lastInsertRowid,
    );
    const cohortId = Number(
      db
        .prepare(
          "insert into cohorts (name, instructor_id, join_code, created_at) values ('Bench cohort', ?, 'BNCH-0001', ?)",
        )
        .run(instructorId, now).lastInsertRowid,
    );
    db.prepare('insert into cohort_assignments (cohort_id, lab_id, assigned_by, created_at) values (?, ?, ?, ?)').run(
      cohortId,
      LAB,
      instructorId,
      now,
    );
    const member = db.prepare('insert into cohort_members (cohort_id, user_id, joined_at) values (?, ?, ?)');
    const attempt = db.prepare(
      "insert into lab_attempts (user_id, lab_id, variant_seed, started_at) values (?, ?, 'fixed', ?)",
    );
    const sessionStatement = db.prepare(
      'insert into sessions (token_hash, user_id, created_at, last_seen_at, expires_at) values (?, ?, ?, ?, ?)',
    );
    const session = (token: string, userId: number) =>
      sessionStatement.run(
        createHash('sha256').update(token).digest('hex'),
        userId,
        Date.now(),
        Date.now(),
        Date.now() + 86_400_000,
      );
    session(instructorToken, instructorId);
    for (let index = 1; index <= TRAINEES; index++) {
      const id = Number(
        user.run(
          `trainee-${index}`,
          namesOf(index + 1).name,
          'trainee',
          passwordHash,
          namesOf(index + 1).pseudonym,
          now,
        ).lastInsertRowid,
      );
      member.run(cohortId, id, now);
      attempt.run(id, LAB, now);
      if (index <= SESSIONS) {
        const token = randomBytes(32).toString('base64url');
        tokens.push(token);
        session(token, id);
      }
    }
  })();

  const cohortId = 1;
  const perTrainee = Math.floor(SUBMISSIONS / TRAINEES);
  const submission = db.prepare(
    `insert into submissions (user_id, cohort_id, lab_id, lab_version, task_id, variant_seed, raw_answer, normalized_answer, verdict, feedback, score_fraction, points_awarded, counts_as_attempt, created_at)
     values (?, ?, '${LAB}', 1, ?, 'fixed', ?, ?, ?, ?, ?, ?, 1, ?)`,
  );
  const result = db.prepare(
    `insert into task_results (user_id, lab_id, task_id, cohort_id, lab_version, status, attempts, wrong_attempts, best_fraction, points, solved_at, scored_at, updated_at)
     values (?, '${LAB}', ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const batch = 500;
  for (let first = 0; first < TRAINEES; first += batch) {
    db.transaction(() => {
      for (let userId = first + 2; userId < Math.min(first + batch, TRAINEES) + 2; userId++) {
        // Each trainee answers every task several times; most end up solving a varying number of tasks.
        const solvedTasks = solvedTasksOf(userId);
        const attempts = new Array<number>(TASKS).fill(0);
        let time = now + (userId % 997) * 60_000;
        for (let index = 0; index < perTrainee; index++) {
          const task = index % TASKS;
          const isLast = index + TASKS >= perTrainee;
          const correct = isLast && task < solvedTasks;
          time += 7_000;
          attempts[task]!++;
          submission.run(
            userId,
            cohortId,
            `finding-${task + 1}`,
            JSON.stringify(correct ? `answer-${task + 1}` : `guess-${index}`),
            correct ? `answer-${task + 1}` : `guess-${index}`,
            correct ? 'correct' : 'incorrect',
            correct ? 'Correct.' : 'Not correct.',
            correct ? 1 : 0,
            correct ? 10 : 0,
            time,
          );
        }
        for (let task = 0; task < TASKS; task++) {
          const solved = task < solvedTasks;
          result.run(
            userId,
            `finding-${task + 1}`,
            cohortId,
            solved ? 'solved' : 'open',
            attempts[task],
            solved ? attempts[task]! - 1 : attempts[task],
            solved ? 1 : 0,
            solved ? 10 : 0,
            solved ? time : null,
            solved ? time : null,
            time,
          );
        }
      }
    })();
  }
  db.exec(`insert into cohort_scores (cohort_id, user_id, points, tasks_solved, last_scored_at)
           select ${cohortId}, user_id, sum(points), sum(status = 'solved'), max(scored_at) from task_results group by user_id`);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { cohortId, tokens, instructorToken };
}
