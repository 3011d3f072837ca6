/** El catálogo en español de los correos a clientes: invitaciones y recordatorios, y las preguntas tras una solución. */
import type { EmailMessages } from "../en/emails.ts";
import { sentence } from "../sentence.ts";

export const emails: EmailMessages = {
  hi: (name) => `Hola, ${name}:`,
  reminder: "Recordatorio: ",
  quickReminder: "Un breve recordatorio: ",
  personalUntil: (date) => `Este enlace es personal y funciona hasta el ${date}.`,
  becauseCustomer: (org) => `Recibe este mensaje porque es cliente de ${sentence(org)}`,
  becauseTalked: (org) => `Recibe este mensaje porque habló recientemente con ${sentence(org)}`,
  concern: "¿Algo no va bien? Díganoslo",
  profile: "Lo que sabemos de usted",
  colon: ":",
  unsubscribe: "Darse de baja",
  outOfFive: (n) => `${n} de 5`,
  reportCard: {
    subject: (rep) => `¿Qué tal le atiende ${rep}?`,
    preheader: (rep) => `menos de un minuto para contarnos qué tal le atiende ${rep}.`,
    intro: (rep) => `${rep} se ocupa de su cuenta. ¿Nos diría, en menos de un minuto, qué tal lo está haciendo?`,
    shapes: "Sus respuestas definen cómo trabajamos con usted.",
    scale: "1 = nada, 5 = siempre. Lo confirma en la página siguiente.",
    scaleText: "(1 = nada, 5 = siempre)",
    button: "Abrir la evaluación",
    whole: (url) => `O abra la evaluación completa: ${url}`,
  },
  onboarding: {
    subject: (org) => `¿Cómo le gustaría que ${org} trabajara con usted?`,
    preheader: (org) => `cuéntele a ${org} cómo y cuándo le gustaría tener noticias nuestras.`,
    thanks: (org, rep) => `Gracias por elegir ${sentence(org)} ${rep} será su contacto.`,
    tellUs: "Díganos cómo y cuándo le gustaría tener noticias nuestras, en cuánto tiempo espera las respuestas y qué es importante para usted, y trabajaremos así.",
    tellUsText: "Díganos cómo y cuándo le gustaría tener noticias nuestras, y trabajaremos así:",
    button: "Definir mis preferencias",
  },
  lostDeal: {
    question: "Eligió otro proveedor: ¿nos diría por qué?",
    preheader: (rep) => `dos minutos sobre cómo lo hizo ${rep} y qué le habría hecho elegirnos.`,
    intro: (rep, org) => `En dos minutos, cuéntenos cómo lo hizo ${rep} y qué le habría hecho elegir ${sentence(org)}`,
    noSelling: "Sus respuestas nos ayudan a aprender; nadie intentará venderle nada por ellas.",
    button: "Díganos por qué",
  },
  verdict: {
    question: { verdict: "¿Lo hemos solucionado?", "check-in": "¿Cómo van las cosas ahora?" },
    subject: { verdict: (name) => `¿Lo hemos solucionado, ${name}?`, "check-in": (name) => `¿Cómo van las cosas ahora, ${name}?` },
    preheader: { verdict: (rep) => `Un toque le dice a ${rep} si lo solucionamos.`, "check-in": (rep) => `Tres semanas después: un toque le dice a ${rep} cómo van las cosas.` },
    intro: {
      verdict: (rep) => `Hace unos días nos dijo que algo no iba bien, y ${rep} trabajó para solucionarlo. Solo usted puede decirnos si lo conseguimos.`,
      "check-in": (rep) => `Hace tres semanas, ${rep} trabajó para solucionar algo que salió mal. Nos gustaría saber cómo van las cosas ahora.`,
    },
    scale: { verdict: "1 = nada, 5 = por completo.", "check-in": "1 = nada bien, 5 = muy bien." },
    confirm: "Lo confirma en la página siguiente, donde puede añadir un comentario.",
    answerBy: (date) => `Este enlace es personal. Responda antes del ${date}.`,
  },
};
