ALTER TABLE `sim_aleph_fines` ADD `paid` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `sim_aleph_holds` ADD `status` text DEFAULT 'In process' NOT NULL;