/** The store's public surface: `openStore`, the tables and row types, transactions and state helpers. */
export { MIGRATIONS_FOLDER, openStore, type OpenStoreOptions, type Store, type StoreDb, type StoreSchema } from "./open.ts";
export * from "./schema.ts";
export { deleteState, getState, getStateEntry, setState, withTransaction, type Queryable, type StateEntry, type StoreTx } from "./tx.ts";
export { jsonText, money, timestamp } from "./types.ts";
