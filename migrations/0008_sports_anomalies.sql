CREATE TABLE `sports_anomalies` (
	`id` text PRIMARY KEY NOT NULL,
	`device_id` text NOT NULL,
	`kind` text NOT NULL,
	`command_id` text,
	`claimed` text NOT NULL,
	`expected` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sports_anomalies_at_idx` ON `sports_anomalies` (`at`);--> statement-breakpoint
CREATE INDEX `sports_anomalies_device_idx` ON `sports_anomalies` (`device_id`,`at`);--> statement-breakpoint
ALTER TABLE `sports_operations` ADD `hold_until` integer;--> statement-breakpoint
CREATE INDEX `sports_operations_held_idx` ON `sports_operations` (`user_id`,`hold_until`) WHERE hold_until IS NOT NULL;