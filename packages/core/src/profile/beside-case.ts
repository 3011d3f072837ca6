/** What a recovery case shows of its customer's profile, on the rep's and the manager's schedule. */
import { read } from "./index.ts";
import { staffId, type SharedEntry } from "./record.ts";

/** The newest of what the customer shared and the newest notes, as the case shows them. */
interface KnownAboutThem {
  interests?: string[];
  sharedAboutThem?: string;
  notes?: { text: string; at: string; author: string }[];
}

/** A profile entry as a "What inspired it" choice. */
interface InspirationChoice {
  id: string;
  label: string;
}

/** An entry as a choice: what it is, cut to one line. */
const entryLabel = (text: string) => (text.length > 140 ? `${text.slice(0, 139).trimEnd()}…` : text);
const sharedLabel: Record<SharedEntry["field"], string> = { interests: "Interests", personalInterests: "Personal interests", aboutMe: "About them" };
/** How many of the newest notes a case shows. */
const NOTES_SHOWN = 3;

/**
 * Beside each recovery case that names its customer, the customer's profile as it is now (what they deleted
 * is gone): the newest of each thing they shared and the newest notes (`known`), and every entry as a choice
 * for "What inspired it" (`entries`), both by case id. Anonymous cases, and a customer who is gone, get nothing.
 */
export async function besideTheCases(cases: { id: string; kind: string; anonymous?: boolean | undefined; customerId?: string | undefined }[]) {
  const named = cases.filter((f) => f.kind === "recovery" && !f.anonymous && f.customerId);
  const profiles = await Promise.all(named.map((f) => read(f.customerId!).catch(() => undefined)));
  const known = new Map<string, KnownAboutThem>();
  const entries = new Map<string, InspirationChoice[]>();
  named.forEach((f, i) => {
    const data = profiles[i];
    if (!data) return;
    entries.set(f.id, [
      // A shared entry whose id would date it (shared without the customer's name) cannot be named.
      ...data.shared.flatMap((e) => {
        const id = staffId(e);
        return id ? [{ id, label: entryLabel(`${sharedLabel[e.field] ?? e.field}: ${e.interests?.join(", ") ?? e.text ?? ""}`) }] : [];
      }),
      ...data.notes.map((n) => ({ id: n.id, label: entryLabel(`Note by ${n.author.name}: ${n.text}`) })),
    ]);
    const newest = (field: SharedEntry["field"]) => data.shared.find((e) => e.field === field);
    const texts = [newest("personalInterests")?.text, newest("aboutMe")?.text].filter((t): t is string => Boolean(t));
    const interests = newest("interests")?.interests;
    known.set(f.id, {
      ...(interests?.length ? { interests } : {}),
      ...(texts.length ? { sharedAboutThem: texts.join(" · ") } : {}),
      ...(data.notes.length ? { notes: data.notes.slice(0, NOTES_SHOWN).map((n) => ({ text: n.text, at: n.at, author: n.author.name })) } : {}),
    });
  });
  return { known, entries };
}
