/** Thrown for mistakes in how the command was called (exit 2). */
export class UsageError extends Error {}

/** Thrown when the database cannot be reached or used (exit 3). */
export class DatabaseError extends Error {}
