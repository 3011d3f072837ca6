import { AsyncLocalStorage } from "node:async_hooks";

const frozen = new AsyncLocalStorage<Date>();

/** The current time: the real clock, or the instant set by `Clock.at` for the code it runs. */
export function now(): Date {
  const at = frozen.getStore();
  return at ? new Date(at.getTime()) : new Date();
}

/** Runs `fn` with `now()` answering `at` (the job runner's `?now=`, tests, the demo seed). */
export function at<T>(instant: Date, fn: () => T): T {
  return frozen.run(instant, fn);
}

export const Clock = { now, at };
