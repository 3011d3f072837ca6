/** The English catalog of the emails a customer receives: invitations and their reminders, and the questions after a recovery. */
import { sentence } from "../sentence.ts";
export const emails = {
  hi: (name: string) => `Hi ${name},`,
  reminder: "Reminder: ",
  quickReminder: "A quick reminder: ",
  personalUntil: (date: string) => `This link is personal to you and works until ${date}.`,
  becauseCustomer: (org: string) => `You received this because you are a customer of ${sentence(org)}`,
  becauseTalked: (org: string) => `You received this because you recently talked with ${sentence(org)}`,
  concern: "Something not right? Tell us",
  profile: "What we know about you",
  /** What ends a label before its value ("Unsubscribe: …"): French puts a space before it. */
  colon: ":",
  unsubscribe: "Unsubscribe",
  outOfFive: (n: string) => `${n} out of 5`,
  reportCard: {
    subject: (rep: string) => `How is ${rep} doing for you?`,
    preheader: (rep: string) => `under a minute to tell us how ${rep} is doing for you.`,
    intro: (rep: string) => `${rep} looks after your account. Would you tell us, in under a minute, how they are doing?`,
    shapes: "Your answers shape how we work with you.",
    scale: "1 = not at all, 5 = always. You confirm on the next page.",
    scaleText: "(1 = not at all, 5 = always)",
    button: "Open the report card",
    whole: (url: string) => `Or open the whole report card: ${url}`,
  },
  onboarding: {
    subject: (org: string) => `How would you like ${org} to work with you?`,
    preheader: (org: string) => `tell ${org} how and when you would like to hear from us.`,
    thanks: (org: string, rep: string) => `Thank you for choosing ${sentence(org)} ${rep} will be your contact.`,
    tellUs: "Tell us how and when you would like to hear from us, how fast you expect answers and what matters to you, and we will work that way.",
    tellUsText: "Tell us how and when you would like to hear from us, and we will work that way:",
    button: "Set my preferences",
  },
  lostDeal: {
    question: "You chose another supplier: would you tell us why?",
    preheader: (rep: string) => `two minutes on how ${rep} did, and what would have made you choose us.`,
    intro: (rep: string, org: string) => `In two minutes, tell us how ${rep} did and what would have made you choose ${sentence(org)}`,
    noSelling: "Your answers help us learn; nobody will try to sell you anything because of them.",
    button: "Tell us why",
  },
  verdict: {
    question: { verdict: "Did we make it right?", "check-in": "How are things now?" },
    subject: { verdict: (name: string) => `Did we make it right, ${name}?`, "check-in": (name: string) => `How are things now, ${name}?` },
    preheader: { verdict: (rep: string) => `One tap tells ${rep} whether we put it right.`, "check-in": (rep: string) => `Three weeks on: one tap tells ${rep} how things are.` },
    intro: {
      verdict: (rep: string) => `A few days ago you told us something was not right, and ${rep} worked to put it right. Only you can tell us whether we did.`,
      "check-in": (rep: string) => `Three weeks ago ${rep} worked to put right something that went wrong. We would like to know how things are now.`,
    },
    scale: { verdict: "1 = not at all, 5 = completely.", "check-in": "1 = not well at all, 5 = very well." },
    confirm: "You confirm on the next page, where you can add a comment.",
    answerBy: (date: string) => `This link is personal to you. Please answer by ${date}.`,
  },
};

export type EmailMessages = typeof emails;
