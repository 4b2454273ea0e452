CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`actor_id` integer,
	`action` text NOT NULL,
	`subject` text NOT NULL,
	`details` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audit_log_subject` ON `audit_log` (`subject`);--> statement-breakpoint
CREATE TABLE `cohort_assignments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`cohort_id` integer NOT NULL,
	`lab_id` text NOT NULL,
	`course_id` text,
	`opens_at` integer,
	`closes_at` integer,
	`assigned_by` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`cohort_id`) REFERENCES `cohorts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`assigned_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cohort_assignments_lab` ON `cohort_assignments` (`cohort_id`,`lab_id`);--> statement-breakpoint
CREATE TABLE `cohort_members` (
	`cohort_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`joined_at` integer NOT NULL,
	PRIMARY KEY(`cohort_id`, `user_id`),
	FOREIGN KEY (`cohort_id`) REFERENCES `cohorts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `cohort_members_user` ON `cohort_members` (`user_id`);--> statement-breakpoint
CREATE TABLE `cohort_scores` (
	`cohort_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`points` integer NOT NULL,
	`tasks_solved` integer NOT NULL,
	`last_scored_at` integer,
	PRIMARY KEY(`cohort_id`, `user_id`),
	FOREIGN KEY (`cohort_id`) REFERENCES `cohorts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `cohort_scores_ranking` ON `cohort_scores` (`cohort_id`,"points" desc,`last_scored_at`,`user_id`);--> statement-breakpoint
CREATE TABLE `cohorts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`instructor_id` integer NOT NULL,
	`join_code` text NOT NULL,
	`scoreboard_visibility` text DEFAULT 'pseudonyms' NOT NULL,
	`freeze_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`archived_at` integer,
	FOREIGN KEY (`instructor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cohorts_join_code_unique` ON `cohorts` (`join_code`);--> statement-breakpoint
CREATE TABLE `hint_unlocks` (
	`user_id` integer NOT NULL,
	`lab_id` text NOT NULL,
	`task_id` text NOT NULL,
	`hint_index` integer NOT NULL,
	`cost` integer NOT NULL,
	`unlocked_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `lab_id`, `task_id`, `hint_index`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `lab_attempts` (
	`user_id` integer NOT NULL,
	`lab_id` text NOT NULL,
	`variant_seed` text NOT NULL,
	`started_at` integer NOT NULL,
	`completed_at` integer,
	PRIMARY KEY(`user_id`, `lab_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `notes` (
	`user_id` integer NOT NULL,
	`lab_id` text NOT NULL,
	`body` text NOT NULL,
	`revision` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `lab_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `reviews` (
	`submission_id` integer PRIMARY KEY NOT NULL,
	`reviewer_id` integer NOT NULL,
	`points` integer NOT NULL,
	`comment` text NOT NULL,
	`reviewed_at` integer NOT NULL,
	FOREIGN KEY (`submission_id`) REFERENCES `submissions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`reviewer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`last_seen_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_user` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `submissions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`cohort_id` integer NOT NULL,
	`lab_id` text NOT NULL,
	`lab_version` integer NOT NULL,
	`task_id` text NOT NULL,
	`variant_seed` text NOT NULL,
	`raw_answer` text NOT NULL,
	`normalized_answer` text,
	`verdict` text NOT NULL,
	`feedback` text NOT NULL,
	`score_fraction` real NOT NULL,
	`points_awarded` integer NOT NULL,
	`counts_as_attempt` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`cohort_id`) REFERENCES `cohorts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `submissions_user_task` ON `submissions` (`user_id`,`lab_id`,`task_id`);--> statement-breakpoint
CREATE INDEX `submissions_cohort_lab_task` ON `submissions` (`cohort_id`,`lab_id`,`task_id`);--> statement-breakpoint
CREATE INDEX `submissions_pending_review` ON `submissions` (`cohort_id`,`verdict`);--> statement-breakpoint
CREATE TABLE `task_results` (
	`user_id` integer NOT NULL,
	`lab_id` text NOT NULL,
	`task_id` text NOT NULL,
	`cohort_id` integer NOT NULL,
	`lab_version` integer NOT NULL,
	`status` text NOT NULL,
	`attempts` integer NOT NULL,
	`wrong_attempts` integer NOT NULL,
	`best_fraction` real NOT NULL,
	`points` integer NOT NULL,
	`solved_at` integer,
	`scored_at` integer,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `lab_id`, `task_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`cohort_id`) REFERENCES `cohorts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `task_results_lab_task` ON `task_results` (`lab_id`,`task_id`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`username` text NOT NULL,
	`display_name` text NOT NULL,
	`role` text NOT NULL,
	`password_hash` text NOT NULL,
	`pseudonym` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`disabled_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_username_unique` ON `users` (`username`);