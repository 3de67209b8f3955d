CREATE TABLE `jh_upstream_failures` (
	`id` integer PRIMARY KEY NOT NULL,
	`system` text NOT NULL,
	`kind` text NOT NULL,
	`detail` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `jh_upstream_failures_system_at_idx` ON `jh_upstream_failures` (`system`,`at`);