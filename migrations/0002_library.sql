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
CREATE TABLE `library_activities` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`content` text NOT NULL,
	`place` text DEFAULT '' NOT NULL,
	`image` text,
	`start_time` integer NOT NULL,
	`end_time` integer NOT NULL,
	`publish_time` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `library_advises` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`openid` text,
	`tel` text NOT NULL,
	`contents` text NOT NULL,
	`publish_time` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `library_notices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`type` text NOT NULL,
	`title` text NOT NULL,
	`content` text NOT NULL,
	`author` text DEFAULT '' NOT NULL,
	`url` text,
	`publish_time` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `library_notices_type_idx` ON `library_notices` (`type`,`publish_time`);--> statement-breakpoint
CREATE TABLE `library_signups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`openid` text NOT NULL,
	`training_id` integer NOT NULL,
	`remind_text` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `library_signups_user_training_idx` ON `library_signups` (`openid`,`training_id`);--> statement-breakpoint
CREATE TABLE `library_trainings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`type` text NOT NULL,
	`title` text NOT NULL,
	`content` text NOT NULL,
	`speaker` text DEFAULT '' NOT NULL,
	`place` text DEFAULT '' NOT NULL,
	`start_time` integer NOT NULL,
	`end_time` integer NOT NULL,
	`publish_time` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `library_trainings_type_idx` ON `library_trainings` (`type`,`start_time`);--> statement-breakpoint
CREATE TABLE `library_users` (
	`openid` text PRIMARY KEY NOT NULL,
	`nick_name` text,
	`avatar_url` text,
	`gender` integer,
	`city` text,
	`province` text,
	`country` text,
	`lib_id` text,
	`credential` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
