/**
 * The one line each domain adds to the transaction of a write that causes an outbound event:
 * `...Outbox.caseOpened(f)`, `Outbox.periodClosed(...)`. See events.ts for what each payload carries.
 */
import { caseEvent, concernRaised, onboardingSubmitted, outboxItem, responseSubmitted } from "./events.ts";
import type * as v from "valibot";
import type { FollowUpRecordSchema } from "../followup/record.ts";

type FollowUp = v.InferOutput<typeof FollowUpRecordSchema>;

export const Outbox = {
  responseSubmitted,
  onboardingSubmitted,
  caseOpened: (f: FollowUp) => caseEvent("case.opened", f),
  caseEscalated: (f: FollowUp) => caseEvent("case.escalated", f),
  caseResolved: (f: FollowUp) => caseEvent("case.resolved", f),
  caseRecovered: (f: FollowUp) => caseEvent("case.recovered", f),
  concernRaised,
  periodClosed: (period: string, snapshot: { version: number; sha256: string; closedAt: string; rows: number }) => outboxItem("period.closed", { period, ...snapshot }),
  campaignFinished: (c: { id: string; sent?: number; failed?: number; total?: number; finishedAt: string }) =>
    outboxItem("campaign.finished", { campaignId: c.id, total: c.total ?? 0, sent: c.sent ?? 0, failed: c.failed ?? 0, finishedAt: c.finishedAt }),
};
