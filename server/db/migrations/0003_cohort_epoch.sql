-- Hand-written: a change to a cohort's row (its instructor, scoreboard settings, name, archiving) or
-- its removal moves the access epoch too, so that what is kept per caller and cohort while the epoch
-- holds (the board's access, see server/services/scoreboard/access.ts) is read again in every process.
CREATE TRIGGER `cohorts_update_moves_access_epoch` AFTER UPDATE ON `cohorts` BEGIN UPDATE `access_epoch` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `cohorts_delete_moves_access_epoch` AFTER DELETE ON `cohorts` BEGIN UPDATE `access_epoch` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
