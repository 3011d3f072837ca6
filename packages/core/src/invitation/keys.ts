import { dueKeys } from "../job/keys.ts";

export const invitationKeys = {
  /** Invitations are stored under the SHA-256 of their survey token: one GetItem serves a form page or a submission. */
  invitation: (tokenHash: string) => ({ pk: `INV#${tokenHash}`, sk: "INV" }),
  /** gsi1: a customer's invitations, newest last. */
  byCustomer: (customerId: string, createdAt: string) => ({ gsi1pk: `CUS#${customerId}#INV`, gsi1sk: createdAt }),
  /** gsi2: the next thing the scheduled job must do for it (send, remind, expire), by due time. */
  due: (dueAt: string, id: string) => dueKeys.entry(dueAt, id),
  /** The SES message id → the invitation, for bounce and complaint notifications. */
  message: (messageId: string) => ({ pk: `MSG#${messageId}`, sk: "MSG" }),
};
