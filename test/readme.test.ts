import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");

/** The cells of a GitHub-flavoured Markdown table row: split on unescaped pipes, even inside code spans. */
const cells = (row: string) => row.trim().replace(/^\|/, "").replace(/\|$/, "").split(/(?<!\\)\|/);

/** Every run of lines that start with a pipe, outside fenced code blocks, with its first line number. */
function tables(markdown: string): { line: number; rows: string[] }[] {
  const found: { line: number; rows: string[] }[] = [];
  let fenced = false;
  markdown.split("\n").forEach((text, i) => {
    if (text.startsWith("```")) fenced = !fenced;
    const row = !fenced && text.startsWith("|");
    const last = found.at(-1);
    if (row && last && last.line + last.rows.length === i + 1) last.rows.push(text);
    else if (row) found.push({ line: i + 1, rows: [text] });
  });
  return found;
}

describe("the README", () => {
  it("has tables that render: a header, a separator row and the same number of cells in every row", () => {
    const all = tables(readme);
    expect(all.length).toBeGreaterThanOrEqual(5);
    for (const { line, rows } of all) {
      const width = cells(rows[0]!).length;
      expect(rows[1], `the table at line ${line} has no separator row`).toMatch(/^\|(\s*:?-{3,}:?\s*\|)+$/);
      expect(cells(rows[1]!)).toHaveLength(width);
      rows.forEach((row, i) => expect(cells(row), `line ${line + i}: ${row}`).toHaveLength(width));
    }
  });
});
