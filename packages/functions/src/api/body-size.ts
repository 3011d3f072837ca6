/** The largest request body any route reads: a bigger one is refused with 413 before anything parses it. */
export const MAX_BODY_BYTES = 64 * 1024;

/** The largest CSV file the console's import takes (its form's body may be a little larger: the multipart framing). */
export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;

/** The one route that reads a body over MAX_BODY_BYTES: the console's CSV upload, up to the file's limit and its framing. */
export const LARGE_BODIES: Record<string, number> = { "POST /admin/import": MAX_IMPORT_BYTES + 16 * 1024 };
