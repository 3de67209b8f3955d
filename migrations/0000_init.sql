CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`surface` text NOT NULL,
	`subject` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE INDEX `sessions_subject_idx` ON `sessions` (`surface`,`subject`);--> statement-breakpoint
CREATE TABLE `service_users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`openid` text NOT NULL,
	`phone` text NOT NULL,
	`qq` text NOT NULL,
	`cardno` text NOT NULL,
	`wxid` text,
	`history` text DEFAULT '[]' NOT NULL,
	`created_at` integer NOT NULL,
	`modified_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `service_users_openid_unique` ON `service_users` (`openid`);--> statement-breakpoint
CREATE TABLE `reminders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`surface` text NOT NULL,
	`appid` text NOT NULL,
	`openid` text NOT NULL,
	`template_id` text NOT NULL,
	`page` text,
	`data` text NOT NULL,
	`send_at` integer NOT NULL,
	`state` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`dedupe_key` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reminders_dedupe_key_unique` ON `reminders` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `reminders_due_idx` ON `reminders` (`state`,`send_at`);--> statement-breakpoint
CREATE INDEX `reminders_openid_idx` ON `reminders` (`surface`,`openid`);