CREATE TABLE `jh_bindings` (
	`user_id` integer NOT NULL,
	`bindname` text NOT NULL,
	`pid` text NOT NULL,
	`sealed_password` text NOT NULL,
	`state` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `bindname`),
	FOREIGN KEY (`user_id`) REFERENCES `jh_users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `jh_credits` (
	`user_id` integer NOT NULL,
	`device_type` text NOT NULL,
	`credit_hash` text NOT NULL,
	`last_used_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `device_type`),
	FOREIGN KEY (`user_id`) REFERENCES `jh_users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `jh_credits_credit_hash_unique` ON `jh_credits` (`credit_hash`);--> statement-breakpoint
CREATE TABLE `jh_sequences` (
	`name` text PRIMARY KEY NOT NULL,
	`value` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `jh_terms` (
	`year` integer NOT NULL,
	`term` integer NOT NULL,
	`begin` text NOT NULL,
	`end` text NOT NULL,
	PRIMARY KEY(`year`, `term`)
);
--> statement-breakpoint
CREATE INDEX `jh_terms_begin_idx` ON `jh_terms` (`begin`);--> statement-breakpoint
CREATE TABLE `jh_users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`username` text NOT NULL,
	`username_key` text NOT NULL,
	`nickname` text NOT NULL,
	`password_hash` text NOT NULL,
	`usertype` text DEFAULT 'COMMON' NOT NULL,
	`permission_msgboard` integer DEFAULT 0 NOT NULL,
	`email` text DEFAULT '' NOT NULL,
	`phone` text DEFAULT '' NOT NULL,
	`portrait_version` text,
	`public_md5` text,
	`failed_logins` integer DEFAULT 0 NOT NULL,
	`failed_since` integer,
	`locked_until` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `jh_users_username_key_unique` ON `jh_users` (`username_key`);