/** The store's public surface: `openStore`, the tables and row types, transactions and state helpers. */
export { MIGRATIONS_FOLDER, type OpenStoreOptions, openStore, type Store, type StoreDb, type StoreSchema } from "./open.ts";
export * from "./schema.ts";
export { deleteState, getState, getStateEntry, type Queryable, type StateEntry, type StoreTx, setState, withTransaction } from "./tx.ts";
export { jsonText, money, timestamp } from "./types.ts";
