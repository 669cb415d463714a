/** What a PostgreSQL URL looks like to the vault's configuration, and how it is shown in messages. */
export const POSTGRES_URL = /^postgres(ql)?:\/\/[^\s]+$/;

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]+):[^@]*@/, '$1:***@');
}
