CREATE TABLE `legacy_ids` (
	`source` text NOT NULL,
	`entity` text NOT NULL,
	`legacy_id` text NOT NULL,
	`id` text NOT NULL,
	`stamp` integer,
	`imported_at` integer NOT NULL,
	PRIMARY KEY(`source`, `entity`, `legacy_id`)
);
--> statement-breakpoint
CREATE TABLE `library_legacy_sessions` (
	`session_hash` text PRIMARY KEY NOT NULL,
	`openid` text NOT NULL,
	`expires_at` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `library_legacy_sessions_openid_idx` ON `library_legacy_sessions` (`openid`);