/**
 * Keys the HMACs behind survey links, unsubscribe links, CSRF fields and session cookies. Rotating it
 * invalidates every outstanding link: `npx sst secret set SigningSecret "$(openssl rand -base64 48)" --stage <stage>`.
 */
export const signingSecret = new sst.Secret("SigningSecret");

export const secrets = [signingSecret];
