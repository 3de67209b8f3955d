CREATE TABLE `sim_aleph_faults` (
	`op` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`remaining` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sim_aleph_fines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`bor_id` text NOT NULL,
	`date` text NOT NULL,
	`amount` integer NOT NULL,
	`description` text NOT NULL,
	`barcode` text
);
--> statement-breakpoint
CREATE TABLE `sim_aleph_holds` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`bor_id` text NOT NULL,
	`barcode` text NOT NULL,
	`doc_number` text NOT NULL,
	`item_sequence` text NOT NULL,
	`sequence` text NOT NULL,
	`pickup` text NOT NULL,
	`request_date` text NOT NULL,
	`end_date` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sim_aleph_holds_bor_item_idx` ON `sim_aleph_holds` (`bor_id`,`doc_number`,`item_sequence`);--> statement-breakpoint
CREATE INDEX `sim_aleph_holds_item_idx` ON `sim_aleph_holds` (`doc_number`,`item_sequence`);--> statement-breakpoint
CREATE TABLE `sim_aleph_loans` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`bor_id` text NOT NULL,
	`barcode` text NOT NULL,
	`loan_date` text NOT NULL,
	`due_date` text NOT NULL,
	`renewals` integer DEFAULT 0 NOT NULL,
	`returned_date` text
);
--> statement-breakpoint
CREATE INDEX `sim_aleph_loans_bor_idx` ON `sim_aleph_loans` (`bor_id`);--> statement-breakpoint
CREATE INDEX `sim_aleph_loans_barcode_idx` ON `sim_aleph_loans` (`barcode`);--> statement-breakpoint
CREATE TABLE `sim_aleph_patrons` (
	`bor_id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`telephone` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sim_aleph_sets` (
	`set_number` text PRIMARY KEY NOT NULL,
	`doc_numbers` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sim_wechat_codes` (
	`code` text PRIMARY KEY NOT NULL,
	`openid` text NOT NULL,
	`appid` text,
	`created_at` integer NOT NULL,
	`used_at` integer
);
--> statement-breakpoint
CREATE TABLE `sim_wechat_faults` (
	`path` text PRIMARY KEY NOT NULL,
	`errcode` integer NOT NULL,
	`remaining` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sim_wechat_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`appid` text NOT NULL,
	`touser` text NOT NULL,
	`template_id` text NOT NULL,
	`page` text,
	`data` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sim_wechat_messages_touser_idx` ON `sim_wechat_messages` (`touser`);--> statement-breakpoint
CREATE TABLE `sim_wechat_tokens` (
	`token` text PRIMARY KEY NOT NULL,
	`appid` text NOT NULL,
	`expires_at` integer NOT NULL
);
