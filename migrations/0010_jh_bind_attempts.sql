CREATE TABLE `jh_bind_attempts` (
	`key` text PRIMARY KEY NOT NULL,
	`attempts` integer NOT NULL,
	`since` integer NOT NULL,
	`locked_until` integer
);
--> statement-breakpoint
CREATE INDEX `jh_bindings_pid_idx` ON `jh_bindings` (`pid`);