CREATE TABLE `risk_generation` (
	`id` integer PRIMARY KEY NOT NULL,
	`value` integer NOT NULL
);--> statement-breakpoint
-- The counter starts at 0 and moves with every change the guardian reads (core/risk/store-state.ts).
INSERT INTO `risk_generation` (`id`, `value`) VALUES (1, 0);--> statement-breakpoint
CREATE TRIGGER `orders_risk_insert` AFTER INSERT ON `orders` BEGIN UPDATE `risk_generation` SET `value` = `value` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER `orders_risk_update` AFTER UPDATE ON `orders` BEGIN UPDATE `risk_generation` SET `value` = `value` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER `orders_risk_delete` AFTER DELETE ON `orders` BEGIN UPDATE `risk_generation` SET `value` = `value` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER `fills_risk_insert` AFTER INSERT ON `fills` BEGIN UPDATE `risk_generation` SET `value` = `value` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER `fills_risk_update` AFTER UPDATE ON `fills` BEGIN UPDATE `risk_generation` SET `value` = `value` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER `fills_risk_delete` AFTER DELETE ON `fills` BEGIN UPDATE `risk_generation` SET `value` = `value` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER `positions_risk_insert` AFTER INSERT ON `positions` BEGIN UPDATE `risk_generation` SET `value` = `value` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER `positions_risk_update` AFTER UPDATE ON `positions` BEGIN UPDATE `risk_generation` SET `value` = `value` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER `positions_risk_delete` AFTER DELETE ON `positions` BEGIN UPDATE `risk_generation` SET `value` = `value` + 1 WHERE `id` = 1; END;
