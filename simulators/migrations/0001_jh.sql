CREATE TABLE `sim_jh_faults` (
	`target` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`remaining` integer NOT NULL,
	`delay_ms` integer DEFAULT 1500 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sim_jh_students` (
	`pid` text PRIMARY KEY NOT NULL,
	`password` text NOT NULL,
	`zf_password` text,
	`email` text NOT NULL,
	`type` text NOT NULL,
	`name` text NOT NULL
);
