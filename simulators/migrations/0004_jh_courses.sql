CREATE TABLE `sim_jh_courses` (
	`pid` text NOT NULL,
	`year` integer NOT NULL,
	`term` integer NOT NULL,
	`courses` text NOT NULL,
	PRIMARY KEY(`pid`, `year`, `term`)
);
