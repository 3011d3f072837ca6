/** Signs the dashboard's session cookies: `npx sst secret set SessionSecret "$(openssl rand -base64 48)" --stage <stage>`. */
export const sessionSecret = new sst.Secret("SessionSecret");

export const secrets = [sessionSecret];
