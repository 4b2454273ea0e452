CREATE TABLE `access_epoch` (
	`id` integer PRIMARY KEY NOT NULL,
	`epoch` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `access_epoch` (`id`, `epoch`) VALUES (1, 0);
--> statement-breakpoint
-- Hand-written: the triggers that move the access epoch (drizzle's schema cannot declare triggers).
-- A session's last_seen_at is left out on purpose: it changes once a minute per active session.
CREATE TRIGGER `sessions_delete_moves_access_epoch` AFTER DELETE ON `sessions` BEGIN UPDATE `access_epoch` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `sessions_update_moves_access_epoch` AFTER UPDATE OF `token_hash`, `user_id`, `expires_at` ON `sessions` BEGIN UPDATE `access_epoch` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `users_update_moves_access_epoch` AFTER UPDATE OF `username`, `display_name`, `role`, `disabled_at` ON `users` BEGIN UPDATE `access_epoch` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `users_delete_moves_access_epoch` AFTER DELETE ON `users` BEGIN UPDATE `access_epoch` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `cohort_members_insert_moves_access_epoch` AFTER INSERT ON `cohort_members` BEGIN UPDATE `access_epoch` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `cohort_members_update_moves_access_epoch` AFTER UPDATE ON `cohort_members` BEGIN UPDATE `access_epoch` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `cohort_members_delete_moves_access_epoch` AFTER DELETE ON `cohort_members` BEGIN UPDATE `access_epoch` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `cohort_assignments_insert_moves_access_epoch` AFTER INSERT ON `cohort_assignments` BEGIN UPDATE `access_epoch` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `cohort_assignments_update_moves_access_epoch` AFTER UPDATE ON `cohort_assignments` BEGIN UPDATE `access_epoch` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `cohort_assignments_delete_moves_access_epoch` AFTER DELETE ON `cohort_assignments` BEGIN UPDATE `access_epoch` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `lab_attempts_insert_moves_access_epoch` AFTER INSERT ON `lab_attempts` BEGIN UPDATE `access_epoch` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `lab_attempts_update_moves_access_epoch` AFTER UPDATE ON `lab_attempts` BEGIN UPDATE `access_epoch` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `lab_attempts_delete_moves_access_epoch` AFTER DELETE ON `lab_attempts` BEGIN UPDATE `access_epoch` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
