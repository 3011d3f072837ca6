import { applySesEvent, parseNotification } from "@rapport/core/email/events";

/** The part of an SNS delivery this handler reads. */
interface SNSEvent {
  Records: { Sns: { MessageId: string; Message: string } }[];
}

/** SES bounce and complaint notifications, delivered by SNS: hard bounces and complaints are suppressed. */
export async function handler(event: SNSEvent): Promise<void> {
  for (const record of event.Records) {
    const notification = parseNotification({ Type: "Notification", Message: record.Sns.Message });
    if (!notification) {
      console.warn(JSON.stringify({ level: "warn", msg: "ignored an SNS message that is not an SES notification", messageId: record.Sns.MessageId }));
      continue;
    }
    const suppressed = await applySesEvent(notification);
    console.log(JSON.stringify({ level: "info", msg: "SES notification applied", type: notification.notificationType ?? notification.eventType, suppressed: suppressed.length }));
  }
}
