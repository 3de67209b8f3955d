CREATE TABLE `summer_advisor_links` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`sales_man_id` integer NOT NULL,
	`status` text DEFAULT 'NEW' NOT NULL,
	`remark` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `summer_advisor_links_sales_man_idx` ON `summer_advisor_links` (`sales_man_id`);--> statement-breakpoint
CREATE TABLE `summer_audit` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`staff_id` integer NOT NULL,
	`action` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`before` text,
	`after` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `summer_audit_entity_idx` ON `summer_audit` (`entity`,`entity_id`);--> statement-breakpoint
CREATE INDEX `summer_audit_staff_idx` ON `summer_audit` (`staff_id`,`id`);--> statement-breakpoint
CREATE TABLE `summer_campus_countries` (
	`campus_id` integer NOT NULL,
	`country_id` integer NOT NULL,
	PRIMARY KEY(`campus_id`, `country_id`)
);
--> statement-breakpoint
CREATE INDEX `summer_campus_countries_country_idx` ON `summer_campus_countries` (`country_id`);--> statement-breakpoint
CREATE TABLE `summer_campus_types` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`campus_country` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `summer_campus_types_title_unique` ON `summer_campus_types` (`title`);--> statement-breakpoint
CREATE TABLE `summer_campuses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`info` text DEFAULT '' NOT NULL,
	`campus_type_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `summer_campuses_name_unique` ON `summer_campuses` (`name`);--> statement-breakpoint
CREATE INDEX `summer_campuses_type_idx` ON `summer_campuses` (`campus_type_id`);--> statement-breakpoint
CREATE TABLE `summer_channels` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`plan_date` text NOT NULL,
	`sales_man_id` integer NOT NULL,
	`plan_student_number` integer NOT NULL,
	`plan_file_student_number` integer NOT NULL,
	`plan_payed_student_number` integer NOT NULL,
	`qr_code` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `summer_channels_name_unique` ON `summer_channels` (`name`);--> statement-breakpoint
CREATE TABLE `summer_countries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`campus_type_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `summer_countries_name_unique` ON `summer_countries` (`name`);--> statement-breakpoint
CREATE TABLE `summer_coupons` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`coupon_code` text NOT NULL,
	`amount` real NOT NULL,
	`info` text NOT NULL,
	`start_time` integer NOT NULL,
	`end_time` integer NOT NULL,
	`max_num` integer NOT NULL,
	`is_active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `summer_coupons_coupon_code_unique` ON `summer_coupons` (`coupon_code`);--> statement-breakpoint
CREATE TABLE `summer_courses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`course_code` text NOT NULL,
	`name` text NOT NULL,
	`max_num` integer NOT NULL,
	`credit` integer NOT NULL,
	`professor` text NOT NULL,
	`start_time` integer NOT NULL,
	`end_time` integer NOT NULL,
	`address` text NOT NULL,
	`syllabus_file_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `summer_courses_code_unique` ON `summer_courses` (`project_id`,`course_code`);--> statement-breakpoint
CREATE TABLE `summer_files` (
	`id` text PRIMARY KEY NOT NULL,
	`key` text NOT NULL,
	`kind` text NOT NULL,
	`owner_id` integer,
	`sales_man_id` integer,
	`name` text,
	`content_type` text NOT NULL,
	`size` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `summer_files_owner_idx` ON `summer_files` (`owner_id`);--> statement-breakpoint
CREATE TABLE `summer_order_payments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` integer NOT NULL,
	`account_number` text NOT NULL,
	`account_name` text NOT NULL,
	`opening_bank` text,
	`pay_date` text NOT NULL,
	`img_file_id` text NOT NULL,
	`amount` real NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `summer_order_payments_order_id_unique` ON `summer_order_payments` (`order_id`);--> statement-breakpoint
CREATE TABLE `summer_orders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`project_id` integer NOT NULL,
	`currency` text NOT NULL,
	`payment` text NOT NULL,
	`status` text NOT NULL,
	`course_num` integer NOT NULL,
	`standard_fee` real NOT NULL,
	`pay_fee` real NOT NULL,
	`remark` text,
	`op_token` text,
	`decided_by` integer,
	`decided_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `summer_orders_user_idx` ON `summer_orders` (`user_id`,`id`);--> statement-breakpoint
CREATE INDEX `summer_orders_project_idx` ON `summer_orders` (`project_id`,`status`);--> statement-breakpoint
CREATE INDEX `summer_orders_status_idx` ON `summer_orders` (`status`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `summer_orders_one_open` ON `summer_orders` (`user_id`) WHERE status IN ('TO_PAY', 'TO_CONFIRM');--> statement-breakpoint
CREATE UNIQUE INDEX `summer_orders_op_token_unique` ON `summer_orders` (`op_token`);--> statement-breakpoint
CREATE TABLE `summer_payment_accounts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`payment` text NOT NULL,
	`currency` text NOT NULL,
	`account_number` text NOT NULL,
	`account_name` text NOT NULL,
	`opening_bank` text,
	`swift_code` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `summer_payment_accounts_unique` ON `summer_payment_accounts` (`payment`,`currency`);--> statement-breakpoint
CREATE TABLE `summer_project_fees` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`course_number` integer NOT NULL,
	`course_fee` real NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `summer_project_fees_unique` ON `summer_project_fees` (`project_id`,`course_number`);--> statement-breakpoint
CREATE TABLE `summer_project_results` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`project_id` integer NOT NULL,
	`status` text,
	`post_date` text,
	`post_channel` text,
	`post_number` text,
	`img_file_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `summer_project_results_unique` ON `summer_project_results` (`user_id`,`project_id`);--> statement-breakpoint
CREATE INDEX `summer_project_results_project_idx` ON `summer_project_results` (`project_id`);--> statement-breakpoint
CREATE TABLE `summer_projects` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campus_id` integer NOT NULL,
	`country_id` integer,
	`name` text NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text NOT NULL,
	`address` text NOT NULL,
	`info` text NOT NULL,
	`max_num` integer,
	`apply_fee` real DEFAULT 0 NOT NULL,
	`course_num` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `summer_projects_campus_idx` ON `summer_projects` (`campus_id`);--> statement-breakpoint
CREATE TABLE `summer_remarks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`staff_id` integer NOT NULL,
	`remark` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `summer_remarks_user_idx` ON `summer_remarks` (`user_id`,`id`);--> statement-breakpoint
CREATE TABLE `summer_sales_men` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`wechat` text NOT NULL,
	`email` text NOT NULL,
	`qr_file_id` text,
	`qr_url` text,
	`is_active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `summer_score_details` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`department` text NOT NULL,
	`phone` text NOT NULL,
	`country` text NOT NULL,
	`post_code` text NOT NULL,
	`address` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `summer_score_details_user_id_unique` ON `summer_score_details` (`user_id`);--> statement-breakpoint
CREATE TABLE `summer_students` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`name` text,
	`email` text,
	`wechat` text,
	`cschool` text,
	`wcountry` text DEFAULT '[]' NOT NULL,
	`wcampus` text DEFAULT '[]' NOT NULL,
	`headimgurl` text,
	`wx_name` text,
	`phone` text,
	`first_name` text,
	`last_name` text,
	`gender` text,
	`id_number` text,
	`major` text,
	`graduate_year` text,
	`gpa` real,
	`valid_sales_man` integer DEFAULT false NOT NULL,
	`channel_id` integer,
	`recommend_user_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `summer_students_id_number_unique` ON `summer_students` (`id_number`) WHERE id_number IS NOT NULL;--> statement-breakpoint
CREATE INDEX `summer_students_channel_idx` ON `summer_students` (`channel_id`);--> statement-breakpoint
CREATE TABLE `summer_user_coupons` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`coupon_id` integer NOT NULL,
	`status` text DEFAULT 'TO_USE' NOT NULL,
	`order_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `summer_user_coupons_unique` ON `summer_user_coupons` (`user_id`,`coupon_id`);--> statement-breakpoint
CREATE INDEX `summer_user_coupons_coupon_idx` ON `summer_user_coupons` (`coupon_id`);--> statement-breakpoint
CREATE INDEX `summer_user_coupons_order_idx` ON `summer_user_coupons` (`order_id`) WHERE order_id IS NOT NULL;--> statement-breakpoint
CREATE TABLE `summer_user_courses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`order_id` integer NOT NULL,
	`project_id` integer NOT NULL,
	`course_id` integer NOT NULL,
	`status` text DEFAULT 'TO_UPLOAD' NOT NULL,
	`confirm_photo_file_id` text,
	`score` integer,
	`score_grade` text,
	`reporting_time` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `summer_user_courses_unique` ON `summer_user_courses` (`order_id`,`course_id`);--> statement-breakpoint
CREATE INDEX `summer_user_courses_course_idx` ON `summer_user_courses` (`course_id`);--> statement-breakpoint
CREATE INDEX `summer_user_courses_user_idx` ON `summer_user_courses` (`user_id`,`project_id`);--> statement-breakpoint
CREATE INDEX `summer_user_courses_status_idx` ON `summer_user_courses` (`status`);--> statement-breakpoint
CREATE TABLE `summer_users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`role` text NOT NULL,
	`username` text,
	`openid` text,
	`unionid` text,
	`password_hash` text,
	`name` text,
	`is_active` integer DEFAULT true NOT NULL,
	`qr_code` text,
	`failed_logins` integer DEFAULT 0 NOT NULL,
	`locked_until` integer,
	`last_login_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `summer_users_username_unique` ON `summer_users` (`username`);--> statement-breakpoint
CREATE UNIQUE INDEX `summer_users_openid_unique` ON `summer_users` (`openid`);--> statement-breakpoint
CREATE INDEX `summer_users_role_idx` ON `summer_users` (`role`,`id`);