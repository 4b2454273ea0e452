CREATE TABLE `cohort_lab_scores` (
	`cohort_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`lab_id` text NOT NULL,
	`points` integer NOT NULL,
	PRIMARY KEY(`cohort_id`, `user_id`, `lab_id`),
	FOREIGN KEY (`cohort_id`) REFERENCES `cohorts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
-- Hand-written: an upgraded database starts with the per-lab points of every member, by the rule the
-- score ledger keeps them (rebuildCohortScores): assigned labs, tasks taken up since joining.
INSERT INTO `cohort_lab_scores` (`cohort_id`, `user_id`, `lab_id`, `points`)
SELECT `cohort_members`.`cohort_id`, `task_results`.`user_id`, `task_results`.`lab_id`, sum(`task_results`.`points`)
FROM `task_results`
INNER JOIN `cohort_members` ON `cohort_members`.`user_id` = `task_results`.`user_id`
INNER JOIN `cohort_assignments` ON `cohort_assignments`.`cohort_id` = `cohort_members`.`cohort_id`
	AND `cohort_assignments`.`lab_id` = `task_results`.`lab_id`
WHERE NOT EXISTS (SELECT 1 FROM `submissions` `earlier`
	WHERE `earlier`.`user_id` = `task_results`.`user_id` AND `earlier`.`lab_id` = `task_results`.`lab_id`
		AND `earlier`.`task_id` = `task_results`.`task_id` AND `earlier`.`created_at` < `cohort_members`.`joined_at`)
GROUP BY `cohort_members`.`cohort_id`, `task_results`.`user_id`, `task_results`.`lab_id`;
