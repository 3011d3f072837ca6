import * as v from "valibot";
import { applySesEvent, parseNotification } from "@rapport/core/email/events";
import { log, withLogIds } from "@rapport/core/log/index";
import { observed } from "./observed.ts";

/** The part of an SNS delivery this handler reads. */
export const SnsEventSchema = v.object({
  Records: v.array(v.object({ Sns: v.object({ MessageId: v.string(), Message: v.string() }) })),
});

/** SES bounce and complaint notifications, delivered by SNS: hard bounces and complaints are suppressed. */
export const handler = observed(async (event: unknown) => {
  for (const record of v.parse(SnsEventSchema, event).Records) {
    await withLogIds({ messageId: record.Sns.MessageId }, async () => {
      const notification = parseNotification({ Type: "Notification", Message: record.Sns.Message });
      if (!notification) {
        log.warn("ignored an SNS message that is not an SES notification");
        return;
      }
      const suppressed = await applySesEvent(notification);
      log.info("SES notification applied", { type: notification.notificationType ?? notification.eventType, sesMessageId: notification.mail.messageId, suppressed: suppressed.length });
    });
  }
});
