import { handle, type LambdaContext, type LambdaEvent } from "hono/aws-lambda";
import { createApp } from "./api/app.ts";

const app = handle(createApp());
type Handler = (event: LambdaEvent, context: LambdaContext) => ReturnType<typeof app>;
let wrapped: Promise<Handler> | undefined;

/**
 * The API Lambda: the same Hono app as `npm start`, behind API Gateway v2; metrics are written after each
 * request. Logging and metrics (Powertools) load with the first request, as the route groups do, so a cold
 * start loads Hono and the route table only.
 */
export const handler: Handler = async (event, context) => {
  wrapped ??= import("./observed.ts").then(({ observed }) => observed((e: LambdaEvent, c: LambdaContext) => app(e, c)));
  return (await wrapped)(event, context);
};
