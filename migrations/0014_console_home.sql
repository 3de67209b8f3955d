CREATE TABLE `console_cron_runs` (
	`job` text PRIMARY KEY NOT NULL,
	`started_at` integer NOT NULL,
	`ms` integer NOT NULL,
	`claimed` integer NOT NULL,
	`requeued` integer NOT NULL,
	`enqueued` integer NOT NULL,
	`abandoned` integer NOT NULL,
	`more` integer NOT NULL,
	`error` text,
	`last_enqueued_at` integer,
	`last_enqueued` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `console_daily` (
	`series` text NOT NULL,
	`day` text NOT NULL,
	`hour` integer NOT NULL,
	`value` integer NOT NULL,
	PRIMARY KEY(`series`, `day`, `hour`)
);
--> statement-breakpoint
CREATE TABLE `console_rollup_marks` (
	`source` text PRIMARY KEY NOT NULL,
	`prev` integer NOT NULL,
	`mark` integer NOT NULL,
	`updated_at` integer NOT NULL
);
