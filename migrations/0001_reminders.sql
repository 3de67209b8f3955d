ALTER TABLE `reminders` ADD `lease_until` integer;--> statement-breakpoint
ALTER TABLE `reminders` ADD `claim_token` text;--> statement-breakpoint
ALTER TABLE `reminders` ADD `sent_at` integer;--> statement-breakpoint
CREATE INDEX `reminders_lease_idx` ON `reminders` (`state`,`lease_until`);