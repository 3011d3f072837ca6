/** Calls Rapport makes to URLs others give it (webhooks, Slack): the SSRF guard and the one POST that goes through it. */
import { checkUrl, isLocalStage, refusalOf } from "./guard.ts";
import { post } from "./post.ts";

export const Outbound = { checkUrl, refusalOf, isLocalStage, post };
