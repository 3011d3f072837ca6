import { expect } from "vitest";

export type Attrs = Record<string, string>;

/** Every opening tag `name` in the HTML with its attributes (values unescaped only for &quot; and &amp;). */
export function tags(html: string, name: string): Attrs[] {
  return [...html.matchAll(new RegExp(`<${name}\\b([^>]*)>`, "gi"))].map((m) => {
    const attrs: Attrs = {};
    for (const a of (m[1] ?? "").matchAll(/([\w:.-]+)(?:="([^"]*)")?/g)) attrs[a[1]!] = (a[2] ?? "").replace(/&quot;/g, '"').replace(/&amp;/g, "&");
    return attrs;
  });
}

/** Ids of every visible form control that has no <label for=…>. */
export function unlabelled(html: string): string[] {
  const labelled = new Set(tags(html, "label").map((a) => a.for));
  const controls = [...tags(html, "input").filter((a) => a.type !== "hidden"), ...tags(html, "textarea"), ...tags(html, "select")];
  return controls.filter((a) => !a.id || !labelled.has(a.id)).map((a) => a.id ?? a.name ?? "?");
}

/**
 * A whole page: one language, title, h1 and main; no script except the same-origin files in `scripts`
 * (never inline); every control labelled; every table header scoped.
 */
export function expectWellFormedPage(html: string, options: { scripts?: string[] } = {}) {
  expect(html.startsWith("<!doctype html>")).toBe(true);
  expect(html).toContain('<html lang="en">');
  expect(html).toMatch(/<title>[^<]+<\/title>/);
  expect(html.match(/<h1\b/g)).toHaveLength(1);
  expect(html.match(/<main\b/g)).toHaveLength(1);
  const scripts = options.scripts ?? [];
  expect(tags(html, "script").map((a) => a.src)).toEqual(scripts);
  for (const src of scripts) expect(src.startsWith("/") && !src.startsWith("//")).toBe(true);
  expect(html.replace(/<script src="[^"]*" defer=""><\/script>/g, "")).not.toMatch(/<script\b/i);
  expect(html).not.toMatch(/\son[a-z]+=/i);
  expect(html).not.toMatch(/javascript:/i);
  expect(unlabelled(html)).toEqual([]);
  for (const th of tags(html, "th")) expect(["col", "row"]).toContain(th.scope);
}
