/** Der deutsche Katalog der E-Mails an Kunden: Einladungen und Erinnerungen, und die Fragen nach einer Problemlösung. */
import type { EmailMessages } from "../en/emails.ts";

export const emails: EmailMessages = {
  hi: (name) => `Guten Tag ${name},`,
  reminder: "Erinnerung: ",
  quickReminder: "Eine kurze Erinnerung: ",
  personalUntil: (date) => `Dieser Link ist persönlich und gilt bis ${date}.`,
  becauseCustomer: (org) => `Sie erhalten diese Nachricht, weil Sie Kunde von ${org} sind.`,
  becauseTalked: (org) => `Sie erhalten diese Nachricht, weil Sie kürzlich mit ${org} im Gespräch waren.`,
  concern: "Stimmt etwas nicht? Sagen Sie es uns",
  profile: "Was wir über Sie wissen",
  colon: ":",
  unsubscribe: "Abmelden",
  outOfFive: (n) => `${n} von 5`,
  reportCard: {
    subject: (rep) => `Wie zufrieden sind Sie mit ${rep}?`,
    preheader: (rep) => `weniger als eine Minute, um uns zu sagen, wie zufrieden Sie mit ${rep} sind.`,
    intro: (rep) => `${rep} betreut Ihr Konto. Würden Sie uns in weniger als einer Minute sagen, wie zufrieden Sie sind?`,
    shapes: "Ihre Antworten bestimmen, wie wir mit Ihnen arbeiten.",
    scale: "1 = überhaupt nicht, 5 = immer. Sie bestätigen auf der nächsten Seite.",
    scaleText: "(1 = überhaupt nicht, 5 = immer)",
    button: "Bewertung öffnen",
    whole: (url) => `Oder öffnen Sie die vollständige Bewertung: ${url}`,
  },
  onboarding: {
    subject: (org) => `Wie soll ${org} mit Ihnen zusammenarbeiten?`,
    preheader: (org) => `sagen Sie ${org}, wie und wann Sie von uns hören möchten.`,
    thanks: (org, rep) => `Vielen Dank, dass Sie sich für ${org} entschieden haben. ${rep} wird Ihr Ansprechpartner sein.`,
    tellUs: "Sagen Sie uns, wie und wann Sie von uns hören möchten, wie schnell Sie Antworten erwarten und was Ihnen wichtig ist, und wir richten uns danach.",
    tellUsText: "Sagen Sie uns, wie und wann Sie von uns hören möchten, und wir richten uns danach:",
    button: "Meine Präferenzen festlegen",
  },
  lostDeal: {
    question: "Sie haben sich für einen anderen Anbieter entschieden: Verraten Sie uns, warum?",
    preheader: (rep) => `zwei Minuten dazu, wie ${rep} gearbeitet hat und was Sie zu uns gebracht hätte.`,
    intro: (rep, org) => `Sagen Sie uns in zwei Minuten, wie ${rep} gearbeitet hat und was Sie dazu gebracht hätte, sich für ${org} zu entscheiden.`,
    noSelling: "Ihre Antworten helfen uns zu lernen; niemand wird deshalb versuchen, Ihnen etwas zu verkaufen.",
    button: "Sagen Sie uns, warum",
  },
  verdict: {
    question: { verdict: "Haben wir es in Ordnung gebracht?", "check-in": "Wie läuft es jetzt?" },
    subject: { verdict: (name) => `Haben wir es in Ordnung gebracht, ${name}?`, "check-in": (name) => `Wie läuft es jetzt, ${name}?` },
    preheader: { verdict: (rep) => `Ein Klick sagt ${rep}, ob wir es in Ordnung gebracht haben.`, "check-in": (rep) => `Drei Wochen später: Ein Klick sagt ${rep}, wie es läuft.` },
    intro: {
      verdict: (rep) => `Vor ein paar Tagen haben Sie uns gesagt, dass etwas nicht stimmte, und ${rep} hat daran gearbeitet, es in Ordnung zu bringen. Nur Sie können uns sagen, ob es gelungen ist.`,
      "check-in": (rep) => `Vor drei Wochen hat ${rep} daran gearbeitet, ein Problem zu beheben. Wir möchten gerne wissen, wie es jetzt läuft.`,
    },
    scale: { verdict: "1 = überhaupt nicht, 5 = vollständig.", "check-in": "1 = überhaupt nicht gut, 5 = sehr gut." },
    confirm: "Sie bestätigen auf der nächsten Seite, wo Sie auch einen Kommentar hinzufügen können.",
    answerBy: (date) => `Dieser Link ist persönlich. Bitte antworten Sie bis ${date}.`,
  },
};
