/**
 * Column types shared by the store's tables. Money is TEXT holding a plain decimal (a NUMERIC/REAL
 * column would round a 19-digit value to a double), so SQL comparison on it is text comparison:
 * filter on status/ids/times in SQL and do the money arithmetic in TypeScript.
 */
import { customType, integer } from "drizzle-orm/sqlite-core";
import { Decimal } from "../decimal.ts";

/** A Decimal as a money column stores it (also for raw SQL parameters). */
export function moneyText(value: Decimal): string {
  if (!Decimal.isDecimal(value)) throw new TypeError(`store: money columns take a Decimal, got ${typeof value}`);
  if (!value.isFinite()) throw new TypeError(`store: money must be finite, got ${value.toString()}`);
  // -0 would be stored as "-0"; normalise.
  return value.isZero() ? "0" : value.toFixed();
}

export const money = customType<{ data: Decimal; driverData: string }>({
  dataType() {
    return "text";
  },
  toDriver: moneyText,
  fromDriver(value: string): Decimal {
    return new Decimal(String(value));
  },
});

/** Milliseconds since the epoch in an INTEGER column, a Date in TypeScript. */
export const timestamp = (name: string) => integer(name, { mode: "timestamp_ms" });

/**
 * JSON in a TEXT column that stores JSON `null` as the text "null" (drizzle's `mode: "json"` turns
 * null into SQL NULL): for NOT NULL columns where null is a legitimate value, such as `state.value`.
 */
export const jsonText = customType<{ data: unknown; driverData: string }>({
  dataType() {
    return "text";
  },
  toDriver(value: unknown): string {
    const text = JSON.stringify(value);
    if (text === undefined) throw new TypeError("store: value is not JSON-serialisable");
    return text;
  },
  fromDriver(value: string): unknown {
    return JSON.parse(value);
  },
});
