import { defineCommand } from "citty";
import { commonArgs } from "../core/cli/flags.ts";
export default defineCommand({ meta: { name: "fees", description: "placeholder" }, args: { ...commonArgs, price: { type: "string" } }, run: ({ args }) => { console.log(JSON.stringify({ type: "fee", price: args.price })); } });
