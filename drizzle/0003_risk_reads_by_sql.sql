-- The guardian's state is read with SQL over indexes (core/risk/store-state.ts): the counter that
-- 0002's triggers kept for a cache is no longer read.
DROP TRIGGER `orders_risk_insert`;--> statement-breakpoint
DROP TRIGGER `orders_risk_update`;--> statement-breakpoint
DROP TRIGGER `orders_risk_delete`;--> statement-breakpoint
DROP TRIGGER `fills_risk_insert`;--> statement-breakpoint
DROP TRIGGER `fills_risk_update`;--> statement-breakpoint
DROP TRIGGER `fills_risk_delete`;--> statement-breakpoint
DROP TRIGGER `positions_risk_insert`;--> statement-breakpoint
DROP TRIGGER `positions_risk_update`;--> statement-breakpoint
DROP TRIGGER `positions_risk_delete`;--> statement-breakpoint
DROP TABLE `risk_generation`;--> statement-breakpoint
DROP INDEX `orders_created_at_idx`;--> statement-breakpoint
CREATE INDEX `orders_mode_created_idx` ON `orders` (`mode`,`created_at`);--> statement-breakpoint
CREATE INDEX `fills_status_idx` ON `fills` (`status`);--> statement-breakpoint
-- drizzle-kit writes an index's expression as quoted column names: written out by hand.
CREATE INDEX `positions_realised_idx` ON `positions` (`mode`,`closed_at`,CAST(replace(substr(realised_pnl || iif(instr(realised_pnl, '.'), '000000', '.000000'), 1, instr(realised_pnl || '.', '.') + 6), '.', '') AS INTEGER));
