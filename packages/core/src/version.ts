import { VisibleError } from "./error.ts";

/**
 * Records an admin edits (reps, customers, teams) carry a `version`: 1 when created, one more at every
 * edit. Their strong ETag is `"v<version>"` (records made before versions read as version 0), and every
 * edit is written on the condition that the version is still the one read, so two edits never overwrite
 * each other silently.
 */
export interface Versioned {
  version?: number;
}

export const versionOf = (record: Versioned): number => record.version ?? 0;

/** The record's strong ETag. */
export const etagOf = (record: Versioned): string => `"v${versionOf(record)}"`;

/**
 * The versions an `If-Match` header accepts: undefined without the header (or with `*`, any version),
 * else the versions of the strong ETags it lists. A weak or foreign tag matches nothing.
 */
export function ifMatchVersions(header: string | undefined): number[] | undefined {
  if (header === undefined) return undefined;
  const tags = header.split(",").map((t) => t.trim());
  if (tags.includes("*")) return undefined;
  return tags.flatMap((tag) => {
    const match = /^"v(\d{1,9})"$/.exec(tag);
    return match ? [Number(match[1])] : [];
  });
}

/** 412 when `accepted` (from If-Match) does not hold the record's version. */
export function checkIfMatch(record: Versioned, accepted: number[] | undefined, what: string): void {
  if (accepted && !accepted.includes(versionOf(record))) stale(what);
}

/** The 412 of a stale edit: the record changed since the caller (or this request) read it. */
export function stale(what: string): never {
  throw new VisibleError("precondition", "precondition_failed", `The ${what} changed since it was read (its ETag is no longer the one sent): read it again and retry.`);
}

/** The condition "still at the version read", for a write's ConditionExpression (`#version`/`:version`). */
export function atVersion(record: Versioned): { ConditionExpression: string; ExpressionAttributeNames: Record<string, string>; ExpressionAttributeValues?: Record<string, unknown> } {
  const version = versionOf(record);
  return version === 0
    ? { ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(#version)", ExpressionAttributeNames: { "#version": "version" } }
    : { ConditionExpression: "attribute_exists(pk) AND #version = :version", ExpressionAttributeNames: { "#version": "version" }, ExpressionAttributeValues: { ":version": version } };
}

/**
 * What a failed version condition means to the caller: with an If-Match it was a stale edit (412); without
 * one, another edit crossed this one between its read and its write (409, try again).
 */
export function crossed(what: string, ifMatch: number[] | undefined): never {
  if (ifMatch) stale(what);
  throw new VisibleError("conflict", "concurrent_update", `The ${what} changed while it was being saved; read it again and retry.`);
}
