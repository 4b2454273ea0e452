import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

// Times are stored as milliseconds since the epoch (drizzle maps them to Date), which keeps
// ordering and arithmetic in SQL simple and maps one-to-one onto PostgreSQL timestamptz later.
const createdAt = () =>
  integer('created_at', { mode: 'timestamp_ms' }).notNull().default(sql`(unixepoch('subsec') * 1000)`);

/** The user a row is about: deleting the user deletes the row. */
const belongsToUser = () =>
  integer('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' });
/** The cohort a row is about: deleting the cohort deletes the row. */
const belongsToCohort = () =>
  integer('cohort_id')
    .notNull()
    .references(() => cohorts.id, { onDelete: 'cascade' });

export const roles = ['admin', 'instructor', 'trainee'] as const;
export type Role = (typeof roles)[number];

export const users = sqliteTable('users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** Lower-case login name. */
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  role: text('role', { enum: roles }).notNull(),
  passwordHash: text('password_hash').notNull(),
  /** A stable invented name for scoreboards that must not show real names. */
  pseudonym: text('pseudonym').notNull(),
  createdAt: createdAt(),
  disabledAt: integer('disabled_at', { mode: 'timestamp_ms' }),
});

export const sessions = sqliteTable(
  'sessions',
  {
    /** SHA-256 of the session token: the token itself is only ever in the user's cookie. */
    tokenHash: text('token_hash').primaryKey(),
    userId: belongsToUser(),
    createdAt: createdAt(),
    lastSeenAt: integer('last_seen_at', { mode: 'timestamp_ms' }).notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (table) => [index('sessions_user').on(table.userId)],
);

export const scoreboardVisibilities = ['names', 'pseudonyms', 'hidden'] as const;

export const cohorts = sqliteTable('cohorts', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  instructorId: integer('instructor_id')
    .notNull()
    .references(() => users.id),
  joinCode: text('join_code').notNull().unique(),
  scoreboardVisibility: text('scoreboard_visibility', { enum: scoreboardVisibilities }).notNull().default('pseudonyms'),
  freezeAt: integer('freeze_at', { mode: 'timestamp_ms' }),
  createdAt: createdAt(),
  archivedAt: integer('archived_at', { mode: 'timestamp_ms' }),
});

export const cohortMembers = sqliteTable(
  'cohort_members',
  {
    cohortId: belongsToCohort(),
    userId: belongsToUser(),
    joinedAt: integer('joined_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.cohortId, table.userId] }), index('cohort_members_user').on(table.userId)],
);

export const cohortAssignments = sqliteTable(
  'cohort_assignments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    cohortId: belongsToCohort(),
    labId: text('lab_id').notNull(),
    /** Set when the lab was assigned as part of a course: the course's order and prerequisites apply. */
    courseId: text('course_id'),
    opensAt: integer('opens_at', { mode: 'timestamp_ms' }),
    closesAt: integer('closes_at', { mode: 'timestamp_ms' }),
    assignedBy: integer('assigned_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex('cohort_assignments_lab').on(table.cohortId, table.labId)],
);

/** One trainee's work on one lab: the variant seed and when they started and finished. */
export const labAttempts = sqliteTable(
  'lab_attempts',
  {
    userId: belongsToUser(),
    labId: text('lab_id').notNull(),
    variantSeed: text('variant_seed').notNull(),
    startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
    completedAt: integer('completed_at', { mode: 'timestamp_ms' }),
  },
  (table) => [primaryKey({ columns: [table.userId, table.labId] })],
);

export const verdicts = ['correct', 'partial', 'incorrect', 'invalid', 'pending'] as const;
export type StoredVerdict = (typeof verdicts)[number];

export const submissions = sqliteTable(
  'submissions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: belongsToUser(),
    cohortId: integer('cohort_id')
      .notNull()
      .references(() => cohorts.id),
    labId: text('lab_id').notNull(),
    labVersion: integer('lab_version').notNull(),
    taskId: text('task_id').notNull(),
    variantSeed: text('variant_seed').notNull(),
    /** The answer exactly as sent (JSON). */
    rawAnswer: text('raw_answer').notNull(),
    /** The checker's canonical form; null for input that was not even of the right shape. */
    normalizedAnswer: text('normalized_answer'),
    verdict: text('verdict', { enum: verdicts }).notNull(),
    /** The feedback the trainee was shown (never contains the answer). */
    feedback: text('feedback').notNull(),
    scoreFraction: real('score_fraction').notNull(),
    /** Points the task result holds after this submission (0 unless it raised them). */
    pointsAwarded: integer('points_awarded').notNull(),
    /** False for malformed input, which costs no attempt. */
    countsAsAttempt: integer('counts_as_attempt', { mode: 'boolean' }).notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    /** The name of the task's anticipated wrong answer this one was (lab.yaml misconceptions), if any. */
    misconception: text('misconception'),
  },
  (table) => [
    index('submissions_user_task').on(table.userId, table.labId, table.taskId),
    index('submissions_cohort_lab_task').on(table.cohortId, table.labId, table.taskId),
    index('submissions_pending_review').on(table.cohortId, table.verdict),
  ],
);

export const taskStatuses = ['open', 'solved', 'failed', 'pending_review'] as const;
export type TaskStatus = (typeof taskStatuses)[number];

/**
 * Best result per user and task, written in the same transaction as the submission that changes it.
 * The unique key makes a double award impossible even under concurrent submissions, and scoreboards
 * read this table instead of aggregating submissions.
 */
export const taskResults = sqliteTable(
  'task_results',
  {
    userId: belongsToUser(),
    labId: text('lab_id').notNull(),
    taskId: text('task_id').notNull(),
    cohortId: integer('cohort_id')
      .notNull()
      .references(() => cohorts.id),
    labVersion: integer('lab_version').notNull(),
    status: text('status', { enum: taskStatuses }).notNull(),
    attempts: integer('attempts').notNull(),
    wrongAttempts: integer('wrong_attempts').notNull(),
    bestFraction: real('best_fraction').notNull(),
    points: integer('points').notNull(),
    solvedAt: integer('solved_at', { mode: 'timestamp_ms' }),
    /** When the points last went up: scoreboards break ties by who reached a score first. */
    scoredAt: integer('scored_at', { mode: 'timestamp_ms' }),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.userId, table.labId, table.taskId] }),
    index('task_results_lab_task').on(table.labId, table.taskId),
  ],
);

/**
 * Each member's total in a cohort over the cohort's assigned labs, kept by the same transaction that
 * changes a task result. The scoreboard reads this table through its ranking index, so showing the
 * board costs the same with a thousand submissions or a million.
 */
export const cohortScores = sqliteTable(
  'cohort_scores',
  {
    cohortId: belongsToCohort(),
    userId: belongsToUser(),
    points: integer('points').notNull(),
    tasksSolved: integer('tasks_solved').notNull(),
    lastScoredAt: integer('last_scored_at', { mode: 'timestamp_ms' }),
  },
  (table) => [
    primaryKey({ columns: [table.cohortId, table.userId] }),
    index('cohort_scores_ranking').on(table.cohortId, sql`${table.points} desc`, table.lastScoredAt, table.userId),
  ],
);

/**
 * A member's points per assigned lab in a cohort: the per-lab columns of the board, kept by the same
 * transaction and by the same rule as cohort_scores (tasks taken up since joining, assigned labs), so a
 * board lists them without reading task results.
 */
export const cohortLabScores = sqliteTable(
  'cohort_lab_scores',
  {
    cohortId: belongsToCohort(),
    userId: belongsToUser(),
    labId: text('lab_id').notNull(),
    points: integer('points').notNull(),
  },
  (table) => [primaryKey({ columns: [table.cohortId, table.userId, table.labId] })],
);

/** An instructor's grade and comment on a manual (free-text) submission. */
export const reviews = sqliteTable('reviews', {
  submissionId: integer('submission_id')
    .primaryKey()
    .references(() => submissions.id, { onDelete: 'cascade' }),
  reviewerId: integer('reviewer_id')
    .notNull()
    .references(() => users.id),
  points: integer('points').notNull(),
  comment: text('comment').notNull(),
  reviewedAt: integer('reviewed_at', { mode: 'timestamp_ms' }).notNull(),
});

export const hintUnlocks = sqliteTable(
  'hint_unlocks',
  {
    userId: belongsToUser(),
    labId: text('lab_id').notNull(),
    taskId: text('task_id').notNull(),
    hintIndex: integer('hint_index').notNull(),
    /** The cost as it was when unlocked: later edits to the lab do not change it. */
    cost: integer('cost').notNull(),
    unlockedAt: integer('unlocked_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.userId, table.labId, table.taskId, table.hintIndex] })],
);

export const notes = sqliteTable(
  'notes',
  {
    userId: belongsToUser(),
    labId: text('lab_id').notNull(),
    body: text('body').notNull(),
    /** Incremented on every save so a stale editor tab cannot overwrite newer notes unseen. */
    revision: integer('revision').notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.userId, table.labId] })],
);

export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    actorId: integer('actor_id').references(() => users.id),
    action: text('action').notNull(),
    /** What the action was about, e.g. "cohort:3" or "user:12". */
    subject: text('subject').notNull(),
    details: text('details', { mode: 'json' }).$type<Record<string, unknown>>(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (table) => [index('audit_log_subject').on(table.subject)],
);

/**
 * One row whose counter moves, through triggers in the migrations, whenever sessions, accounts,
 * cohort memberships, assignments or lab attempts change: the per-process caches of those rows on
 * the answer path (server/db/access-cache.ts) compare it on every use, so a logout, a disabled
 * account or a removed trainee takes effect at once, in every server process sharing the file.
 */
export const accessEpoch = sqliteTable('access_epoch', {
  id: integer('id').primaryKey(),
  epoch: integer('epoch').notNull(),
});

/**
 * A trainee's evidence queries per lab (issue #13): every query the console ran, once per text (a
 * re-run moves its last run), with the name the trainee gave it and what its last run gave. Kept on
 * the server so they follow the trainee to another computer; the cap is in query-history.ts.
 */
export const savedQueries = sqliteTable(
  'saved_queries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: belongsToUser(),
    labId: text('lab_id').notNull(),
    /** The query as run, trimmed: the same text run again is the same entry. */
    sql: text('sql').notNull(),
    /** Set by the trainee; named queries are never dropped to make room. */
    name: text('name'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    lastRunAt: integer('last_run_at', { mode: 'timestamp_ms' }).notNull(),
    /** Rows the last run returned; null when it stopped at a mistake or a limit (or came from a browser's history). */
    lastRowCount: integer('last_row_count'),
    /** Whether the last run had more rows than it returned. */
    lastTruncated: integer('last_truncated', { mode: 'boolean' }).notNull().default(false),
    lastElapsedMs: integer('last_elapsed_ms'),
  },
  (table) => [
    uniqueIndex('saved_queries_text').on(table.userId, table.labId, table.sql),
    index('saved_queries_last_run').on(table.userId, table.labId, table.lastRunAt),
  ],
);

export const passwordLinkPurposes = ['new_account', 'reset'] as const;
/** Why a link can no longer be used (null while it can). */
export const passwordLinkEndings = ['used', 'replaced', 'revoked'] as const;

/**
 * One-time links to set a password (issue #14): made for a new account or a reset, shown once to the
 * administrator, kept only as the SHA-256 of the token. At most one live link per account (a newer
 * link ends the older one); ended links stay, so a reused or replaced link is refused with the reason.
 */
export const passwordLinks = sqliteTable(
  'password_links',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: belongsToUser(),
    purpose: text('purpose', { enum: passwordLinkPurposes }).notNull(),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    endedAt: integer('ended_at', { mode: 'timestamp_ms' }),
    endedBecause: text('ended_because', { enum: passwordLinkEndings }),
  },
  (table) => [uniqueIndex('password_links_live').on(table.userId).where(sql`${table.endedAt} is null`)],
);

/** Instructors an administrator marked as lab authors (issue #14); administrators always author. */
export const labAuthors = sqliteTable('lab_authors', {
  userId: integer('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  grantedBy: integer('granted_by').references(() => users.id),
  grantedAt: integer('granted_at', { mode: 'timestamp_ms' }).notNull(),
});

export const labDraftSources = ['template', 'lab'] as const;

/**
 * A lab being written in the browser (issue #14): its files are a lab folder under the authoring
 * folder (drafts/<id>/<lab id>/); the row says whose it is and what it started from. Only its owner and
 * administrators ever see it.
 */
export const labDrafts = sqliteTable(
  'lab_drafts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ownerId: integer('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    labId: text('lab_id').notNull(),
    source: text('source', { enum: labDraftSources }).notNull(),
    basedOnLabId: text('based_on_lab_id'),
    basedOnVersion: integer('based_on_version'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (table) => [index('lab_drafts_owner').on(table.ownerId)],
);

export const labVersionSources = ['installed', 'draft', 'package'] as const;

/**
 * Every version of a lab published without a restart (issue #14), its folder kept under the
 * authoring folder (published/<lab id>/<version>/<lab id>/). "installed" is the shipped folder as it
 * was when a published version first replaced it. At most one version of a lab is live; at start the
 * live one is loaded over the shipped folder of the same id.
 */
export const labVersions = sqliteTable(
  'lab_versions',
  {
    labId: text('lab_id').notNull(),
    version: integer('version').notNull(),
    source: text('source', { enum: labVersionSources }).notNull(),
    title: text('title').notNull(),
    publishedBy: integer('published_by').references(() => users.id, { onDelete: 'set null' }),
    publishedAt: integer('published_at', { mode: 'timestamp_ms' }).notNull(),
    live: integer('live', { mode: 'boolean' }).notNull().default(false),
    hasCode: integer('has_code', { mode: 'boolean' }).notNull().default(false),
  },
  (table) => [
    primaryKey({ columns: [table.labId, table.version] }),
    uniqueIndex('lab_versions_live').on(table.labId).where(sql`${table.live} = 1`),
  ],
);

export const invitationEndings = ['accepted', 'declined', 'withdrawn'] as const;

/**
 * An instructor's invitation of a trainee to a cohort (the cohort access rule of issue #11): the
 * trainee becomes a member only by accepting it, as by entering the join code. At most one open
 * invitation per trainee and cohort; an ended one is kept with how it ended.
 */
export const cohortInvitations = sqliteTable(
  'cohort_invitations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    cohortId: belongsToCohort(),
    userId: belongsToUser(),
    invitedBy: integer('invited_by').references(() => users.id, { onDelete: 'set null' }),
    invitedAt: integer('invited_at', { mode: 'timestamp_ms' }).notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    endedAt: integer('ended_at', { mode: 'timestamp_ms' }),
    endedBecause: text('ended_because', { enum: invitationEndings }),
  },
  (table) => [
    uniqueIndex('cohort_invitations_open').on(table.cohortId, table.userId).where(sql`${table.endedAt} is null`),
    index('cohort_invitations_user').on(table.userId),
  ],
);
