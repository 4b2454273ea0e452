-- IF NOT EXISTS (added by hand to drizzle-kit's output): a database whose migration records were
-- rolled back to an earlier one (as a test of an upgrade does) applies this again without failing.
CREATE TABLE IF NOT EXISTS `password_links` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`purpose` text NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`ended_at` integer,
	`ended_because` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS `password_links_live` ON `password_links` (`user_id`) WHERE "password_links"."ended_at" is null;