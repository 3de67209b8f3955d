ALTER TABLE `console_sessions` ADD `summer_user_id` integer;--> statement-breakpoint
ALTER TABLE `console_sessions` ADD `summer_session_id` text;--> statement-breakpoint
ALTER TABLE `console_sessions` DROP COLUMN `role`;