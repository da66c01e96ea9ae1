/** The error a call throws (or a promise rejects with), checked to be of the expected class. */
import { expect } from "bun:test";

type ErrorClass<E extends Error> = abstract new (...args: never[]) => E;

/** What `fn` throws, once checked to be an `E`; the test fails when it throws nothing. */
export function thrown<E extends Error>(type: ErrorClass<E>, fn: () => unknown): E {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(type);
    return error as E;
  }
  throw new Error(`expected a ${type.name}`);
}

/** What `promise` rejects with, once checked to be an `E`; the test fails when it resolves. */
export async function rejected<E extends Error>(type: ErrorClass<E>, promise: Promise<unknown>): Promise<E> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(type);
    return error as E;
  }
  throw new Error(`expected a ${type.name}`);
}
