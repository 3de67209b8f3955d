ALTER TABLE `library_activities` ADD `url` text;--> statement-breakpoint
CREATE INDEX `library_activities_publish_idx` ON `library_activities` (`publish_time`);