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
