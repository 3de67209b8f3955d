DROP INDEX `summer_students_id_number_unique`;--> statement-breakpoint
CREATE INDEX `summer_students_id_number_idx` ON `summer_students` (`id_number`);