/**
 * The renderer's Content-Security-Policy, written once for every place it is sent: Electron's
 * response header (no connections: the renderer talks only to the preload), the web host's header
 * (its own bridge socket only) and the meta tag build.mjs writes into index.html (any loopback
 * socket, as the port is not known at build time; the web host's header narrows it).
 */
const DIRECTIVES = ["default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "font-src 'self'"];

/** `connectSrc` is the one thing hosts differ in. A meta tag cannot carry frame-ancestors (browsers ignore it there). */
export function contentSecurityPolicy(connectSrc: string, where: 'header' | 'meta' = 'header'): string {
  return [
    ...DIRECTIVES,
    `connect-src ${connectSrc}`,
    "base-uri 'none'",
    "form-action 'none'",
    "object-src 'none'",
    ...(where === 'header' ? ["frame-ancestors 'none'"] : []),
  ].join('; ');
}
