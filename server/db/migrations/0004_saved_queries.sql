-- The journal's `when` of this migration is set by hand to 1797000000000, after 0003's (1796990000000,
-- already later than the day it was written): drizzle's migrator runs only the migrations whose `when`
-- is later than that of the last one applied, so a later migration must be given a later `when` still.
CREATE TABLE `saved_queries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`lab_id` text NOT NULL,
	`sql` text NOT NULL,
	`name` text,
	`created_at` integer NOT NULL,
	`last_run_at` integer NOT NULL,
	`last_row_count` integer,
	`last_truncated` integer DEFAULT false NOT NULL,
	`last_elapsed_ms` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `saved_queries_text` ON `saved_queries` (`user_id`,`lab_id`,`sql`);--> statement-breakpoint
CREATE INDEX `saved_queries_last_run` ON `saved_queries` (`user_id`,`lab_id`,`last_run_at`);