CREATE TABLE `sports_devices` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`location` text DEFAULT '' NOT NULL,
	`slot_count` integer NOT NULL,
	`secret` text NOT NULL,
	`secret_rotated_at` integer NOT NULL,
	`codes` text DEFAULT '[]' NOT NULL,
	`last_seen_at` integer,
	`retired_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sports_devices_live_idx` ON `sports_devices` (`retired_at`,`id`);--> statement-breakpoint
CREATE TABLE `sports_items` (
	`tag` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`type` text NOT NULL,
	`device_id` text,
	`slot` integer,
	`reserved_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sports_items_slot_unique` ON `sports_items` (`device_id`,`slot`) WHERE device_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX `sports_items_device_type_idx` ON `sports_items` (`device_id`,`type`);--> statement-breakpoint
CREATE INDEX `sports_items_reserved_idx` ON `sports_items` (`reserved_by`) WHERE reserved_by IS NOT NULL;--> statement-breakpoint
CREATE TABLE `sports_operations` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`device_id` text NOT NULL,
	`kind` text NOT NULL,
	`state` text NOT NULL,
	`reason` text,
	`slot` integer NOT NULL,
	`tag` text,
	`item_name` text,
	`rental_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sports_operations_one_pending_unique` ON `sports_operations` (`user_id`) WHERE state = 'pending';--> statement-breakpoint
CREATE INDEX `sports_operations_user_idx` ON `sports_operations` (`user_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `sports_rentals` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`tag` text NOT NULL,
	`item_name` text NOT NULL,
	`item_type` text NOT NULL,
	`device_id` text NOT NULL,
	`rent_operation_id` text NOT NULL,
	`started_at` integer NOT NULL,
	`due_at` integer NOT NULL,
	`returned_at` integer,
	`return_device_id` text,
	`return_operation_id` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sports_rentals_rent_operation_id_unique` ON `sports_rentals` (`rent_operation_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `sports_rentals_active_tag_unique` ON `sports_rentals` (`tag`) WHERE returned_at IS NULL;--> statement-breakpoint
CREATE INDEX `sports_rentals_user_idx` ON `sports_rentals` (`user_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `sports_rentals_active_user_idx` ON `sports_rentals` (`user_id`) WHERE returned_at IS NULL;--> statement-breakpoint
CREATE INDEX `sports_rentals_active_due_idx` ON `sports_rentals` (`due_at`) WHERE returned_at IS NULL;--> statement-breakpoint
CREATE INDEX `sports_rentals_returned_idx` ON `sports_rentals` (`returned_at`);--> statement-breakpoint
CREATE TABLE `sports_users` (
	`id` text PRIMARY KEY NOT NULL,
	`openid` text NOT NULL,
	`region` text DEFAULT '' NOT NULL,
	`phone` text DEFAULT '' NOT NULL,
	`email` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sports_users_openid_unique` ON `sports_users` (`openid`);