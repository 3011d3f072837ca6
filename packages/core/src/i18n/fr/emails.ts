/** Le catalogue français des e-mails aux clients : invitations et rappels, et les questions après une résolution. */
import { sentence } from "../sentence.ts";
import type { EmailMessages } from "../en/emails.ts";

export const emails: EmailMessages = {
  hi: (name) => `Bonjour ${name},`,
  reminder: "Rappel : ",
  quickReminder: "Petit rappel : ",
  personalUntil: (date) => `Ce lien vous est personnel et fonctionne jusqu'au ${date}.`,
  becauseCustomer: (org) => `Vous recevez ce message parce que vous êtes client de ${sentence(org)}`,
  becauseTalked: (org) => `Vous recevez ce message parce que vous avez récemment échangé avec ${sentence(org)}`,
  concern: "Un problème ? Dites-le-nous",
  profile: "Ce que nous savons de vous",
  colon: " :",
  unsubscribe: "Se désinscrire",
  outOfFive: (n) => `${n} sur 5`,
  reportCard: {
    subject: (rep) => `Comment se passe votre collaboration avec ${rep} ?`,
    preheader: (rep) => `moins d'une minute pour nous dire comment se passe votre collaboration avec ${rep}.`,
    intro: (rep) => `${rep} s'occupe de votre compte. Pourriez-vous nous dire, en moins d'une minute, comment cela se passe ?`,
    shapes: "Vos réponses orientent notre façon de travailler avec vous.",
    scale: "1 = pas du tout, 5 = toujours. Vous confirmez sur la page suivante.",
    scaleText: "(1 = pas du tout, 5 = toujours)",
    button: "Ouvrir la fiche d'évaluation",
    whole: (url) => `Ou ouvrez la fiche d'évaluation complète : ${url}`,
  },
  onboarding: {
    subject: (org) => `Comment souhaitez-vous que ${org} travaille avec vous ?`,
    preheader: (org) => `dites à ${org} comment et quand vous souhaitez avoir de nos nouvelles.`,
    thanks: (org, rep) => `Merci d'avoir choisi ${sentence(org)} ${rep} sera votre interlocuteur.`,
    tellUs: "Dites-nous comment et quand vous souhaitez avoir de nos nouvelles, dans quel délai vous attendez une réponse et ce qui compte pour vous, et nous nous y tiendrons.",
    tellUsText: "Dites-nous comment et quand vous souhaitez avoir de nos nouvelles, et nous nous y tiendrons :",
    button: "Définir mes préférences",
  },
  lostDeal: {
    question: "Vous avez choisi un autre fournisseur : nous diriez-vous pourquoi ?",
    preheader: (rep) => `deux minutes sur le travail de ${rep}, et sur ce qui vous aurait fait nous choisir.`,
    intro: (rep, org) => `En deux minutes, dites-nous comment vous jugez le travail de ${rep} et ce qui vous aurait fait choisir ${sentence(org)}`,
    noSelling: "Vos réponses nous aident à progresser ; personne n'essaiera de vous vendre quoi que ce soit à cause d'elles.",
    button: "Dites-nous pourquoi",
  },
  verdict: {
    question: { verdict: "Avons-nous réglé le problème ?", "check-in": "Comment cela se passe-t-il maintenant ?" },
    subject: { verdict: (name) => `Avons-nous réglé le problème, ${name} ?`, "check-in": (name) => `Comment cela se passe-t-il maintenant, ${name} ?` },
    preheader: { verdict: (rep) => `Un seul clic indique à ${rep} si nous avons réglé le problème.`, "check-in": (rep) => `Trois semaines plus tard : un seul clic indique à ${rep} comment cela se passe.` },
    intro: {
      verdict: (rep) => `Il y a quelques jours, vous nous avez signalé que quelque chose n'allait pas, et ${rep} a travaillé à y remédier. Vous seul pouvez nous dire si nous y sommes parvenus.`,
      "check-in": (rep) => `Il y a trois semaines, ${rep} a travaillé à corriger quelque chose qui n'allait pas. Nous aimerions savoir comment cela se passe maintenant.`,
    },
    scale: { verdict: "1 = pas du tout, 5 = complètement.", "check-in": "1 = pas bien du tout, 5 = très bien." },
    confirm: "Vous confirmez sur la page suivante, où vous pouvez ajouter un commentaire.",
    answerBy: (date) => `Ce lien vous est personnel. Merci de répondre d'ici le ${date}.`,
  },
};
