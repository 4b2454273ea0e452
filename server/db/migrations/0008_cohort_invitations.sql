-- IF NOT EXISTS (added by hand to drizzle-kit's output): a database whose migration records were
-- rolled back to an earlier one (as a test of an upgrade does) applies this again without failing.
CREATE TABLE IF NOT EXISTS `cohort_invitations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`cohort_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`invited_by` integer,
	`invited_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`ended_at` integer,
	`ended_because` text,
	FOREIGN KEY (`cohort_id`) REFERENCES `cohorts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`invited_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS `cohort_invitations_open` ON `cohort_invitations` (`cohort_id`,`user_id`) WHERE "cohort_invitations"."ended_at" is null;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS `cohort_invitations_user` ON `cohort_invitations` (`user_id`);