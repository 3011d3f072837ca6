import { handle } from "hono/aws-lambda";
import { createApp } from "./api/app.ts";
import { observed } from "./observed.ts";

/** The API Lambda: the same Hono app as `npm start`, behind API Gateway v2; metrics are written after each request. */
export const handler = observed(handle(createApp()));
