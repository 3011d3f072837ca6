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
function unlabelled(html: string): string[] {
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

/** The text a person reads: every tag a space, the stylesheet, the title and the SVGs aside, entities decoded, whitespace collapsed. */
export function textOf(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>/g, " ")
    .replace(/<title[\s\S]*?<\/title>/g, " ")
    .replace(/<svg[\s\S]*?<\/svg>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}

/** The <svg> element whose title has the given id prefix, with its content. */
export function svgOf(html: string, id: string): string {
  return html.match(new RegExp(`<svg[^>]*aria-labelledby="${id}-t[^"]*"[\\s\\S]*?</svg>`))?.[0] ?? "";
}

/** The input, textarea or select with this id; throws when the page has none. */
export function inputById(html: string, id: string): Attrs {
  const found = [...tags(html, "input"), ...tags(html, "textarea"), ...tags(html, "select")].find((a) => a.id === id);
  if (!found) throw new Error(`no field with id ${id}`);
  return found;
}
