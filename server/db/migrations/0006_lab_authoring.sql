-- IF NOT EXISTS (added by hand to drizzle-kit's output): a database whose migration records were
-- rolled back to an earlier one (as a test of an upgrade does) applies this again without failing.
CREATE TABLE IF NOT EXISTS `lab_authors` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`granted_by` integer,
	`granted_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`granted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS `lab_drafts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`owner_id` integer NOT NULL,
	`lab_id` text NOT NULL,
	`source` text NOT NULL,
	`based_on_lab_id` text,
	`based_on_version` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS `lab_drafts_owner` ON `lab_drafts` (`owner_id`);--> statement-breakpoint
CREATE TABLE IF NOT EXISTS `lab_versions` (
	`lab_id` text NOT NULL,
	`version` integer NOT NULL,
	`source` text NOT NULL,
	`title` text NOT NULL,
	`published_by` integer,
	`published_at` integer NOT NULL,
	`live` integer DEFAULT false NOT NULL,
	`has_code` integer DEFAULT false NOT NULL,
	PRIMARY KEY(`lab_id`, `version`),
	FOREIGN KEY (`published_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS `lab_versions_live` ON `lab_versions` (`lab_id`) WHERE "lab_versions"."live" = 1;