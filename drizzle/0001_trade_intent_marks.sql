ALTER TABLE `orders` ADD `budget` text;--> statement-breakpoint
ALTER TABLE `orders` ADD `max_cost` text;--> statement-breakpoint
ALTER TABLE `orders` ADD `expected_order_id` text;--> statement-breakpoint
ALTER TABLE `orders` ADD `intent` text;--> statement-breakpoint
ALTER TABLE `orders` ADD `sent_at` integer;--> statement-breakpoint
ALTER TABLE `positions` ADD `mark_price` text;--> statement-breakpoint
ALTER TABLE `positions` ADD `marked_at` integer;--> statement-breakpoint
ALTER TABLE `positions` ADD `payout` text;