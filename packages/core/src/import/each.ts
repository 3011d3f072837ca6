/** Running an import's upserts: a few at a time, a row's conflict reported on the row. */
import { VisibleError } from "../error.ts";

/** A row's problem, as an import reports it (index.ts's ImportError). */
interface RowError {
  file: string;
  line: number;
  field: string;
  message: string;
}

/**
 * Runs one upsert. A visible error (a conflict with a concurrent change) is reported on the row
 * and the import goes on, answering undefined; anything else (the database went away) stops it.
 */
export async function attempt<T>(file: string, line: number, upsert: () => Promise<T>, errors: RowError[]): Promise<T | undefined> {
  try {
    return await upsert();
  } catch (error) {
    if (!(error instanceof VisibleError)) throw error;
    const [key, message] = Object.entries(error.fields ?? {})[0] ?? ["", error.message];
    const field = key === "repId" ? "rep_email" : key === "email" ? "email" : "";
    errors.push({ file, line, field, message: field ? message : error.message });
    return undefined;
  }
}

/** Runs `work` over `items`, at most `limit` at a time; the first failure stops new work and is rethrown. */
export async function eachLimited<T>(items: T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && next < items.length) {
      const index = next++;
      try {
        await work(items[index]!, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
}
