CREATE INDEX `library_activities_start_idx` ON `library_activities` (`start_time`);--> statement-breakpoint
CREATE INDEX `library_advises_publish_idx` ON `library_advises` (`publish_time`);--> statement-breakpoint
CREATE INDEX `library_notices_publish_idx` ON `library_notices` (`publish_time`);--> statement-breakpoint
CREATE INDEX `library_signups_training_idx` ON `library_signups` (`training_id`);--> statement-breakpoint
CREATE INDEX `reminders_send_at_idx` ON `reminders` (`send_at`);