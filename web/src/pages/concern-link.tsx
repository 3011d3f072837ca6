/** "Something not right? Tell us": the link to the customer's concern form on every thank-you page. */
export function ConcernLink({ href, text = "Something not right? Tell us" }: { href: string | undefined; text?: string }) {
  if (!href) return null;
  return (
    <p class="after">
      <a class="link-btn" href={href}>
        {text}
      </a>
    </p>
  );
}
