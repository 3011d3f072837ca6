/**
 * Whether a customer's comment says the rep's pay rides on it, or that the rep asked for a good rating
 * (the `solicited` flag). A phrase matcher, careful rather than clever: each pattern ties pay words to the
 * rep ("his bonus", "gets paid by the reviews") or asking words to a good rating ("asked me to give 5"),
 * so "payment terms", "paid on time", "a bonus feature" or "out of commission" do not fire, and a match
 * right after a negation ("never asked me to give 5") does not count.
 */

/** What a comment was found to mention. */
export type Topic = "bonus" | "pay" | "rating";

/** One hit: the topic and the words that matched (a few words, never the whole comment). */
export interface Mention {
  topic: Topic;
  words: string;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Lower case, one kind of apostrophe, no double quotes, dashes as commas, single spaces: what the patterns read. */
function normalise(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`]/g, "'")
    .replace(/["\u201c\u201d\u00ab\u00bb]/g, "")
    .replace(/\s*[\u2013\u2014]\s*/g, ", ")
    .replace(/\s+/g, " ")
    .trim();
}

const WORD = "[\\w'-]+";
/** What may follow a pay word when it is the rep's pay ("his pay depends", "her bonus.") rather than part of a compound ("their salary report"). */
const AFTER =
  "(?=$|[.,;:!?)]| (?:depends?|depending|is|was|are|were|will|would|rides?|riding|goes|went|gets?|got|must|might|may|could|should|has|had|on|from|if|so|and|or|but|because|this|that|at|in|counts?|relies|hinges|too|as|for|when|with|by)\\b)";
const PAY = "(?:pay|paycheck|pay ?check|salary|wages?|pay ?rise|pay ?raise|raise)";
const COMMISSION = "(?:bonus(?:es)?|commissions?|quota)";
const TIED = "(?:depends?|depending|rides?|riding|is tied|are tied|tied|is based|are based|based|hinges?|relies|rely|counts?)";
/** A good rating: a top number (not "5 questions") or a word for it. */
const GOOD =
  "(?:(?:5|five|10|ten)(?:/5|/10| out of (?:5|five|10|ten))?(?=$|[.,;:!?)']| (?:stars?|on|for|across|everywhere|in|and|or|if|so|because|points?|ratings?|scores?|marks)\\b)|(?:top|full|high|highly|good|great|positive|perfect|excellent|max|maximum|glowing|5-star|five-star|5s|fives|10s|tens)\\b)";
const RATING = "(?:ratings?|reviews?|scores?|marks|stars?|feedback|surveys?|report cards?)";
const ASK = "(?:asked|asks|asking|ask|told|tells|telling|begged|begs|begging|pleaded|pleads|pushed|pushes|pressured|pressures|pressed|urged|urges|wanted|wants|reminded|encouraged|requested|requests|needed|needs|suggested|made)";
const WHOM = "(?:me|us|everyone|people|customers|our team)";
const GIVE = "(?:rate|give|score|mark|leave|put|tick|choose|select|click|pick|fill)";
/** The few words that may sit between "give" and the good rating ("give him a 5", "fill in the survey with fives"). */
const FILLER = "(?:him|her|them|it|a|an|the|this|that|his|their|all|every|each|everything|of|on|in|out|with|for|at|least|only|just|straight|across|board|survey|form|card|report|questions?|boxes|categories|rating|ratings|score|scores|marks)";
const NEGATION = /\b(?:never|not|no one|nobody|without|didn't|doesn't|don't|wasn't|won't|nor)\b[^,]{0,20}$/;

/** The patterns, each with what it means; the rep's own name joins the pronouns ("Dana's bonus", "Dana asked me"). */
function patterns(repName: string | undefined): [Topic, RegExp][] {
  const names = (repName ?? "")
    .toLowerCase()
    .split(/\s+/)
    .filter((n) => /^[\p{L}'-]{2,}$/u.test(n))
    .map(escape);
  const whose = `(?:his|her|their|the rep's|my rep's|our rep's|the salesperson's${names.map((n) => `|${n}'s|${n}s'`).join("")})`;
  const who = `(?:he|she|they|the rep|my rep|our rep${names.map((n) => `|${n}`).join("")})`;
  const filler = `(?:${FILLER}${names.map((n) => `|${n}`).join("")})`;
  const re = (source: string) => new RegExp(source, "g");
  return [
    ["bonus", re(`\\b(?:${whose} (?:${WORD} )?${COMMISSION}|your (?:${WORD} )?(?:bonus|commission))\\b${AFTER}`)],
    ["bonus", re(`\\b(?:bonus(?:es)?|commissions?) (?:is |are )?(?:directly |partly )?${TIED}\\b`)],
    ["bonus", re(`\\b${who}(?: ${WORD}){0,2} (?:gets?|got|earns?|earned|makes?|receives?|loses?|lost|miss(?:es)?|missed|needs?|wants?)(?: ${WORD}){0,2}? (?:bonus|commission)\\b${AFTER}`)],
    ["bonus", re(`\\b(?:on commission|commission[- ]based|works? for commission)\\b`)],
    ["pay", re(`\\b${whose} (?:${WORD} )?${PAY}\\b${AFTER}`)],
    ["pay", re(`\\b(?:gets?|getting|got|is|are|being|be) paid (?:by|per|for|on|based on|according to|through|via) (?:(?:the|these|those|his|her|their|our|my|good|high|customer|customers'|5-star) )*${RATING}\\b`)],
    ["rating", re(`\\b${ASK} ${WHOM} (?:to |if (?:i|we) (?:could|would) )?${GIVE}\\b(?: ${filler}){0,5} ${GOOD}`)],
    ["rating", re(`\\btold ${WHOM} (?:to|(?:i|we) should) ${GIVE}\\b`)],
    ["rating", re(`\\b(?:asked|asking|asks|begged|begging|pleaded|requested|requesting|wanted|wants|hoping|hoped) (?:${WHOM} )?for (?:a |an |some )?(?:${WORD} )?${GOOD} ${RATING}\\b`)],
    ["rating", re(`\\b${who}(?: ${WORD}){0,2} (?:needs?|needed|wants?|wanted|hopes?|hoped|expects?|expected)(?: ${WORD}){0,2}? (?:a |an |some |the )?${GOOD}(?: ${WORD})? ${RATING}\\b`)],
    ["rating", re(`\\b(?:said|says|mentioned|hinted)(?: that)? (?:i|we) (?:should|must|had to|have to|need to|ought to) ${GIVE}\\b(?: ${filler}){0,5} ${GOOD}`)],
    ["rating", re(`\\b${GOOD}(?: ${WORD})? ${RATING} (?:would|will|could) (?:really |definitely )?help (?:him|her|them${names.map((n) => `|${n}`).join("")})\\b`)],
  ];
}

/** Whether the words just before `index`, in the same sentence, deny what follows ("never asked me to ..."). */
function negated(text: string, index: number): boolean {
  const clause = text.slice(0, index).split(/[.!?;]/).at(-1) ?? "";
  return NEGATION.test(clause);
}

/** What `comment` mentions of the rep's pay or of being asked for a good rating: one hit per topic, in topic order. */
export function mentions(comment: string, repName?: string): Mention[] {
  const text = normalise(comment);
  const found = new Map<Topic, string>();
  for (const [topic, pattern] of patterns(repName)) {
    if (found.has(topic)) continue;
    for (const match of text.matchAll(pattern)) {
      if (negated(text, match.index)) continue;
      found.set(topic, match[0].slice(0, 80));
      break;
    }
  }
  return (["bonus", "pay", "rating"] as const).filter((t) => found.has(t)).map((topic) => ({ topic, words: found.get(topic)! }));
}
