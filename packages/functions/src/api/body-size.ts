/** The largest request body any route reads: a bigger one is refused with 413 before anything parses it. */
export const MAX_BODY_BYTES = 64 * 1024;
