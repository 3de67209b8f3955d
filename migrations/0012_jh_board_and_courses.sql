CREATE TABLE `jh_board_comments` (
	`post_id` integer NOT NULL,
	`id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`username` text NOT NULL,
	`content` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`post_id`, `id`),
	FOREIGN KEY (`post_id`) REFERENCES `jh_board_posts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `jh_users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `jh_board_comments_user_idx` ON `jh_board_comments` (`user_id`);--> statement-breakpoint
CREATE TABLE `jh_board_posts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`username` text NOT NULL,
	`content` text NOT NULL,
	`pic_key` text,
	`mark` integer DEFAULT 0 NOT NULL,
	`deleted_by` integer,
	`hidden_at` integer,
	`hidden_by` text,
	`comment_last_id` integer DEFAULT 0 NOT NULL,
	`comment_count` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `jh_users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `jh_board_posts_updated_idx` ON `jh_board_posts` (`updated_at`);--> statement-breakpoint
CREATE INDEX `jh_board_posts_user_idx` ON `jh_board_posts` (`user_id`);--> statement-breakpoint
CREATE TABLE `jh_course_cache` (
	`user_id` integer NOT NULL,
	`year` integer NOT NULL,
	`term` integer NOT NULL,
	`pid` text NOT NULL,
	`courses` text NOT NULL,
	`fetched_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `year`, `term`),
	FOREIGN KEY (`user_id`) REFERENCES `jh_users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `jh_users_permission_msgboard_idx` ON `jh_users` (`permission_msgboard`);