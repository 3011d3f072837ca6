import { describe, expect, it } from "vitest";
import { Contract } from "./contract.ts";

const requestId = { $ref: "#/components/headers/RequestId" };
const doc = {
  openapi: "3.1.0",
  paths: {
    "/things/{id}": {
      get: {
        operationId: "getThing",
        security: [{ apiKey: ["admin"] }],
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        responses: {
          "200": {
            description: "The thing",
            headers: { "X-Request-Id": requestId, "Content-Disposition": { schema: { type: "string" } } },
            content: {
              "application/json": { schema: { $ref: "#/components/schemas/Thing" } },
              "text/csv": { schema: { type: "string" }, example: "id,size\r\n" },
            },
          },
          "401": { description: "No key", headers: { "X-Request-Id": requestId, "WWW-Authenticate": { schema: { type: "string" } } }, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
        },
      },
    },
  },
  components: {
    headers: { RequestId: { required: true, schema: { type: "string" } } },
    schemas: {
      Thing: { type: "object", properties: { id: { type: "string" }, size: { anyOf: [{ type: "number" }, { type: "null" }] } }, required: ["id", "size"] },
      Error: { type: "object", properties: { error: { type: "object", properties: { code: { type: "string" } }, required: ["code"] } }, required: ["error"] },
    },
  },
};

const json = (status: number, body: unknown, headers: Record<string, string> = { "x-request-id": "r1" }) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=utf-8", ...headers } });
const check = (res: Response) => new Contract(doc, "http://x").check("getThing", res);

describe("the contract checker", () => {
  it("passes an answer the document describes, references resolved", async () => {
    await expect(check(json(200, { id: "t1", size: null }))).resolves.toMatchObject({ status: 200, body: { id: "t1", size: null } });
  });

  it("fails a status the operation does not document", async () => {
    await expect(check(json(404, { error: { code: "not_found" } }))).rejects.toThrow(/answered 404, which the document does not list/);
  });

  it("fails a body that breaks the schema, and a field the document does not name", async () => {
    await expect(check(json(200, { id: "t1", size: "big" }))).rejects.toThrow(/\/size must be number/);
    await expect(check(json(200, { id: "t1" }))).rejects.toThrow(/must have required property 'size'/);
    await expect(check(json(200, { id: "t1", size: 1, secret: "x" }))).rejects.toThrow(/additional properties \(secret\)/);
  });

  it("fails a content type the status does not list, and a missing documented header", async () => {
    await expect(check(new Response("<!doctype html>", { status: 200, headers: { "content-type": "text/html", "x-request-id": "r1" } }))).rejects.toThrow(/with text\/html; the document lists/);
    await expect(check(json(200, { id: "t1", size: 1 }, {}))).rejects.toThrow(/X-Request-Id is missing/);
    await expect(check(json(401, { error: { code: "unauthenticated" } }))).rejects.toThrow(/WWW-Authenticate is missing/);
  });

  it("holds a CSV answer to the documented header row and its attachment header", async () => {
    const csv = (text: string, headers: Record<string, string>) => new Response(text, { status: 200, headers: { "content-type": "text/csv; charset=utf-8", "x-request-id": "r1", ...headers } });
    await expect(check(csv("id,size\r\nt1,1\r\n", { "content-disposition": "attachment" }))).resolves.toMatchObject({ mediaType: "text/csv" });
    await expect(check(csv("id,weight\r\nt1,1\r\n", { "content-disposition": "attachment" }))).rejects.toThrow(/the CSV header is id,weight/);
    await expect(check(csv("id,size\r\n", {}))).rejects.toThrow(/Content-Disposition is missing/);
  });

  it("counts what was exercised and names what was not", async () => {
    const contract = new Contract(doc, "http://x");
    await contract.check("getThing", json(200, { id: "t1", size: 2 }));
    expect(contract.unexercised()).toEqual(["getThing 401"]);
  });
});
