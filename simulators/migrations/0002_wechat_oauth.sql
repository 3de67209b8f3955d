CREATE TABLE `sim_wechat_oauth_codes` (
	`code` text PRIMARY KEY NOT NULL,
	`openid` text NOT NULL,
	`appid` text,
	`nickname` text NOT NULL,
	`headimgurl` text NOT NULL,
	`unionid` text,
	`created_at` integer NOT NULL,
	`used_at` integer
);
--> statement-breakpoint
CREATE TABLE `sim_wechat_oauth_tokens` (
	`token` text PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`openid` text NOT NULL,
	`expires_at` integer NOT NULL
);
