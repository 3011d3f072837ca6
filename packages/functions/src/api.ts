import { handle } from "hono/aws-lambda";
import { createApp } from "./api/app.ts";

/** The API Lambda: the same Hono app as `npm start`, behind API Gateway v2. */
export const handler = handle(createApp());
