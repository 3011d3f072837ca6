import { DeleteCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "@rapport/core/db/index";
import { jobKeys } from "@rapport/core/job/keys";

/**
 * Forgets the `now` of the job's last run, as on a fresh installation. For files whose
 * tests each time-travel from today on the table they share: without it, a test that runs the job a day
 * ahead after one that ran it a week ahead is refused (409), as it would be on a real installation.
 */
export async function forgetTimeTravel(): Promise<void> {
  await db().send(new DeleteCommand({ TableName: tableName(), Key: jobKeys.lastRun }));
}
