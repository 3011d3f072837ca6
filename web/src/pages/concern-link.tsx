import { useMessages } from "./locale.tsx";

/** "Something not right? Tell us": the link to the customer's concern form on every thank-you page. */
export function ConcernLink({ href, text }: { href: string | undefined; text?: string }) {
  const words = text ?? useMessages().common.concern;
  if (!href) return null;
  return (
    <p class="after">
      <a class="link-btn" href={href}>
        {words}
      </a>
    </p>
  );
}
