import { queryPage } from "../db/index.ts";
import { responseKeys } from "./keys.ts";
import { voidReportCard } from "./void.ts";

/** A counted report card as the rep's dashboard reads it (the invitation keeps the answers themselves). */
export interface StoredResponse {
  invitationId: string;
  repId: string;
  customerId: string;
  /** Present only when the customer ticked "share my name with my rep". */
  customerName?: string;
  period: string;
  answeredAt: string;
  revisedAt?: string;
  surveyVersion: string;
  ratings: Record<string, number | "na">;
  improve?: string;
  shareName: boolean;
  /** The customer agreed to be contacted about these answers. */
  contactOk?: boolean;
  /** Mean of this response's numeric ratings; null when every behaviour was "not applicable". */
  repScore: number | null;
  /** Set when the response was voided for abuse: it no longer counts anywhere. */
  voidedAt?: string;
}

/** A rep's responses in a period, newest first (comments for the dashboard). */
export async function listForRep(repId: string, period: string, options: { limit?: number; cursor?: string } = {}) {
  return queryPage<StoredResponse>(
    {
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :period)",
      ExpressionAttributeValues: { ":pk": responseKeys.repPartition(repId), ":period": `${period}#` },
      ScanIndexForward: false,
      Limit: options.limit ?? 50,
    },
    options.cursor,
  );
}

/**
 * Counted responses: how a card moves the aggregates (counting.ts), voiding an abusive one (void.ts), and
 * the rep's list. Submitting a form is Submission.submit (submission/).
 */
export const Response = { voidReportCard, listForRep };
