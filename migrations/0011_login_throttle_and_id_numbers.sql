CREATE TABLE `console_login_throttle` (
	`username` text PRIMARY KEY NOT NULL,
	`failed_logins` integer DEFAULT 0 NOT NULL,
	`failed_since` integer,
	`locked_until` integer
);
--> statement-breakpoint
CREATE INDEX `console_login_throttle_failed_since_idx` ON `console_login_throttle` (`failed_since`);--> statement-breakpoint
CREATE TABLE `summer_login_throttle` (
	`username` text PRIMARY KEY NOT NULL,
	`failed_logins` integer DEFAULT 0 NOT NULL,
	`failed_since` integer,
	`locked_until` integer
);
--> statement-breakpoint
CREATE INDEX `summer_login_throttle_failed_since_idx` ON `summer_login_throttle` (`failed_since`);--> statement-breakpoint
DROP INDEX `summer_students_id_number_unique`;--> statement-breakpoint
CREATE INDEX `summer_students_id_number_idx` ON `summer_students` (`id_number`);--> statement-breakpoint
ALTER TABLE `console_operators` ADD `failed_since` integer;--> statement-breakpoint
ALTER TABLE `summer_users` ADD `failed_since` integer;