CREATE TABLE `alerts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`priority` integer NOT NULL,
	`title` text NOT NULL,
	`message` text NOT NULL,
	`channels` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `alerts_key_created_idx` ON `alerts` (`key`,`created_at`);--> statement-breakpoint
CREATE TABLE `fills` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` integer NOT NULL,
	`trade_id` text NOT NULL,
	`token_id` text NOT NULL,
	`side` text NOT NULL,
	`price` text NOT NULL,
	`size` text NOT NULL,
	`fee` text NOT NULL,
	`status` text DEFAULT 'matched' NOT NULL,
	`ts` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "fills_side_check" CHECK("fills"."side" IN ('BUY', 'SELL')),
	CONSTRAINT "fills_status_check" CHECK("fills"."status" IN ('matched', 'mined', 'confirmed', 'retrying', 'failed'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `fills_trade_id_unique` ON `fills` (`trade_id`);--> statement-breakpoint
CREATE INDEX `fills_order_idx` ON `fills` (`order_id`);--> statement-breakpoint
CREATE INDEX `fills_ts_idx` ON `fills` (`ts`);--> statement-breakpoint
CREATE TABLE `opportunities` (
	`id` text PRIMARY KEY NOT NULL,
	`seen_at` integer NOT NULL,
	`condition_id` text NOT NULL,
	`market_slug` text,
	`token_id` text,
	`outcome` text NOT NULL,
	`net_edge` text NOT NULL,
	`payload` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `opportunities_seen_at_idx` ON `opportunities` (`seen_at`);--> statement-breakpoint
CREATE INDEX `opportunities_condition_idx` ON `opportunities` (`condition_id`);--> statement-breakpoint
CREATE TABLE `orders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`client_order_id` text NOT NULL,
	`opportunity_id` text,
	`condition_id` text NOT NULL,
	`market_slug` text,
	`token_id` text NOT NULL,
	`outcome` text NOT NULL,
	`side` text NOT NULL,
	`order_type` text NOT NULL,
	`limit_price` text NOT NULL,
	`size` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`mode` text NOT NULL,
	`venue_order_id` text,
	`reason` text,
	`filled_size` text NOT NULL,
	`avg_price` text,
	`fee` text NOT NULL,
	`venue_response` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "orders_side_check" CHECK("orders"."side" IN ('BUY', 'SELL')),
	CONSTRAINT "orders_type_check" CHECK("orders"."order_type" IN ('FOK', 'FAK', 'GTC', 'GTD')),
	CONSTRAINT "orders_status_check" CHECK("orders"."status" IN ('pending', 'open', 'partial', 'filled', 'cancelled', 'rejected', 'failed', 'uncertain')),
	CONSTRAINT "orders_mode_check" CHECK("orders"."mode" IN ('paper', 'live'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `orders_client_order_id_unique` ON `orders` (`client_order_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `orders_venue_order_id_unique` ON `orders` (`venue_order_id`);--> statement-breakpoint
CREATE INDEX `orders_status_idx` ON `orders` (`mode`,`status`);--> statement-breakpoint
CREATE INDEX `orders_token_idx` ON `orders` (`token_id`);--> statement-breakpoint
CREATE INDEX `orders_created_at_idx` ON `orders` (`created_at`);--> statement-breakpoint
CREATE TABLE `positions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`mode` text NOT NULL,
	`token_id` text NOT NULL,
	`condition_id` text NOT NULL,
	`market_slug` text,
	`outcome` text NOT NULL,
	`size` text NOT NULL,
	`cost` text NOT NULL,
	`fees` text NOT NULL,
	`realised_pnl` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`resolves_at` integer,
	`opened_at` integer NOT NULL,
	`closed_at` integer,
	`updated_at` integer NOT NULL,
	CONSTRAINT "positions_mode_check" CHECK("positions"."mode" IN ('paper', 'live')),
	CONSTRAINT "positions_status_check" CHECK("positions"."status" IN ('open', 'closed', 'settled'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `positions_mode_token_idx` ON `positions` (`mode`,`token_id`);--> statement-breakpoint
CREATE INDEX `positions_status_idx` ON `positions` (`mode`,`status`);--> statement-breakpoint
CREATE TABLE `state` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL
);
