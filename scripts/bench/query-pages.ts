// What each Query page a DynamoDB client receives held: which index and partition, how many items, and
// their size as DynamoDB counts it toward its 1 MB page limit. The harness counts requests; this reads answers.
import type { MiddlewareStack } from "@smithy/types";

export interface Page {
  /** "gsi1 REPS", "table AGG#2026-Q4": the index and the partition key value asked for. */
  target: string;
  items: number;
  /** The items' size as DynamoDB counts it toward the 1 MB page limit (estimated: names + values). */
  itemBytes: number;
  more: boolean;
  /** Round trip and parsing of the page, in milliseconds. */
  ms: number;
}

type AttributeValue = { S?: string; N?: string; B?: unknown; BOOL?: boolean; NULL?: boolean; M?: Record<string, AttributeValue>; L?: AttributeValue[]; SS?: string[]; NS?: string[] };

/** DynamoDB's item-size rule: attribute name bytes plus value bytes (numbers ~1 byte per 2 digits + 1; maps and lists 3 + 1 per element). */
function valueBytes(value: AttributeValue): number {
  if (value.S !== undefined) return Buffer.byteLength(value.S);
  if (value.N !== undefined) return Math.ceil(value.N.replace(/^-|\.|e.*$/gi, "").replace(/^0+/, "").length / 2) + 1;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.M) return 3 + Object.entries(value.M).reduce((sum, [name, v]) => sum + Buffer.byteLength(name) + valueBytes(v) + 1, 0);
  if (value.L) return 3 + value.L.reduce((sum, v) => sum + valueBytes(v) + 1, 0);
  if (value.SS) return value.SS.reduce((sum, v) => sum + Buffer.byteLength(v), 0);
  if (value.NS) return value.NS.reduce((sum, v) => sum + valueBytes({ N: v }), 0);
  return 0;
}

const itemBytes = (item: Record<string, AttributeValue>) => Object.entries(item).reduce((sum, [name, value]) => sum + Buffer.byteLength(name) + valueBytes(value), 0);
const decoder = new TextDecoder();

/**
 * Records every Query page the client receives. It sits in the deserialize step above the SDK's
 * deserializer (so it sees the parsed answer, and its time includes parsing) and below the retry loop (so a
 * retried page counts twice).
 */
export function recordPages(stack: MiddlewareStack<any, any>, pages: Page[]): void {
  stack.add(
    (next: any) => async (args: any) => {
      const started = performance.now();
      const result = await next(args);
      const ms = performance.now() - started;
      const target = String(args.request?.headers?.["x-amz-target"] ?? "");
      if (target.endsWith(".Query")) {
        let label = "?";
        try {
          const raw = args.request.body;
          const body = JSON.parse(typeof raw === "string" ? raw : decoder.decode(raw)) as { IndexName?: string; ExpressionAttributeValues?: Record<string, { S?: string }> };
          const key = Object.values(body.ExpressionAttributeValues ?? {}).find((value) => value.S !== undefined)?.S;
          label = `${body.IndexName ?? "table"} ${key ?? "?"}`;
        } catch {
          // an unreadable body leaves the label unknown
        }
        const items = (result.output?.Items ?? []) as Record<string, AttributeValue>[];
        pages.push({ target: label, items: items.length, itemBytes: items.reduce((sum, item) => sum + itemBytes(item), 0), more: Boolean(result.output?.LastEvaluatedKey), ms });
      }
      return result;
    },
    { step: "deserialize", priority: "high", name: "benchPageRecorder", override: true },
  );
}
