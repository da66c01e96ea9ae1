/** Cursor paging as the official client pages (`MA==` first, `LTE=` last), and where it stops on odd answers. */
import { expect, test } from "bun:test";
import { allPages, END_CURSOR, INITIAL_CURSOR } from "../../../../../core/adapters/polymarket/execution/requests.ts";

function venue(pages: Record<string, unknown>) {
  const asked: string[] = [];
  const page = async (cursor: string) => {
    asked.push(cursor);
    return pages[cursor];
  };
  return { asked, page };
}

test("follows next_cursor from the first page to the end, in order", async () => {
  const { asked, page } = venue({ [INITIAL_CURSOR]: { data: [1, 2], next_cursor: "Mg==" }, "Mg==": { data: [3], next_cursor: END_CURSOR } });
  expect(await allPages<number>(page)).toEqual([1, 2, 3]);
  expect(asked).toEqual([INITIAL_CURSOR, "Mg=="]);
});

test("a page without a cursor, or a cursor already followed, ends the reading (never a loop)", async () => {
  const missing = venue({ [INITIAL_CURSOR]: { data: [1] } });
  expect(await allPages<number>(missing.page)).toEqual([1]);
  const circular = venue({ [INITIAL_CURSOR]: { data: [1], next_cursor: "Mg==" }, "Mg==": { data: [2], next_cursor: INITIAL_CURSOR } });
  expect(await allPages<number>(circular.page)).toEqual([1, 2]);
  expect(circular.asked).toEqual([INITIAL_CURSOR, "Mg=="]);
});
