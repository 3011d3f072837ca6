export type * from "./props.ts";
export { renderReportCardPage } from "./report-card.tsx";
export { renderOnboardingPage } from "./onboarding.tsx";
export { renderThankYouPage, renderReceivedPage, renderMessagePage } from "./messages.tsx";
export { renderUnsubscribePage } from "./unsubscribe.tsx";
export { formatDate } from "./layout.tsx";
