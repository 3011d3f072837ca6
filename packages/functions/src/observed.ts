import type { LambdaContext } from "hono/aws-lambda";
import { log, logger, withLogIds } from "@rapport/core/log/index";
import { Metric } from "@rapport/core/metrics/index";

/**
 * A Lambda handler whose log lines carry the invocation's request id and function, and whose metrics are
 * written when it ends, whether it answered or threw (a throw is logged, then rethrown for Lambda to count).
 */
export function observed<E, R>(handler: (event: E, context: LambdaContext) => Promise<R>): (event: E, context: LambdaContext) => Promise<R> {
  return async (event, context) => {
    logger.addContext(context);
    try {
      return await withLogIds({ requestId: context.awsRequestId }, () => handler(event, context));
    } catch (error) {
      log.error("invocation failed", { requestId: context.awsRequestId, error });
      throw error;
    } finally {
      Metric.flush();
    }
  };
}
