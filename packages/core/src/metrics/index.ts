/**
 * Rapport's CloudWatch metrics (namespace `Rapport`, dimension `service`), written as Embedded Metric
 * Format lines by Powertools. Core counts where the event happens; each Lambda writes what was counted
 * at the end of its invocation (`flushMetrics`). Off unless `config().metrics` (on in Lambda only), so the
 * local runner and the tests print none.
 */
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { config } from "../config.ts";

/** What Rapport counts, one metric each. */
export const counters = [
  /** Report cards counted for the first time (revisions are not new responses). */
  "ReportCardsCounted",
  /** Onboarding forms counted for the first time. */
  "OnboardingFormsCounted",
  /** Every email SES accepted, whatever it was. */
  "EmailsSent",
  /** Emails SES refused or that could not be handed to it. */
  "EmailsFailed",
  "InvitationsSent",
  "RemindersSent",
  "DigestsSent",
  "RecoveryEmailsSent",
  "SignInLinksSent",
  /** "Did we make it right?" and "How are things now?" emails to customers. */
  "CustomerQuestionsSent",
  /** Bounced recipients in SES bounce notifications (permanent and transient). */
  "Bounces",
  "Complaints",
  "RecoveryCasesOpened",
  "RecoveryCasesEscalated",
  /** Recovery cases resolved after their due time. */
  "RecoveryCasesResolvedLate",
  /** Campaigns whose sending stopped with an error. */
  "CampaignFailures",
  /** Steps of the scheduled job that threw. */
  "JobStepFailures",
  /** Webhook deliveries and Slack messages the receiver took (2xx). */
  "OutboundDelivered",
  /** Tries of a webhook delivery or Slack message that failed (each retry counts). */
  "OutboundFailed",
  /** Webhook subscriptions disabled after 24 hours of failed deliveries. */
  "WebhooksDisabled",
] as const;
export type Counter = (typeof counters)[number];

let sink: Metrics | undefined;

function metrics(): Metrics | undefined {
  if (!config().metrics) return undefined;
  sink ??= new Metrics({ namespace: "Rapport", serviceName: "rapport" });
  return sink;
}

/** Counts `value` occurrences of an event (nothing for zero). */
export function count(name: Counter, value = 1): void {
  if (value > 0) metrics()?.addMetric(name, MetricUnit.Count, value);
}

/** Records how long one run of the scheduled job took (`JobDuration`, milliseconds). */
export function jobDuration(ms: number): void {
  metrics()?.addMetric("JobDuration", MetricUnit.Milliseconds, ms);
}

/** Writes what was counted since the last flush as one EMF line (stdout, which CloudWatch reads); nothing when nothing was counted. */
export function flushMetrics(): void {
  if (sink?.hasStoredMetrics()) sink.publishStoredMetrics();
}

export const Metric = { count, jobDuration, flush: flushMetrics };
