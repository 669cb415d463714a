/**
 * bench/ is not a workspace package, so it has no node_modules of its own. Its few third-party
 * modules are loaded from the workspace packages that depend on them (the types come through
 * `paths` in tsconfig.json, which only the type checker reads).
 */
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import type bwipjsModule from 'bwip-js/node';
import type wsModule from 'ws';

const fromVault = createRequire(new URL('../apps/vault/package.json', import.meta.url));
const fromIndicia = createRequire(new URL('../packages/indicia/package.json', import.meta.url));

export const WebSocket = fromVault('ws') as typeof wsModule;
export type WebSocket = wsModule;
export const Database = fromVault('better-sqlite3') as typeof BetterSqlite3;
export const bwipjs = fromIndicia('bwip-js/node') as typeof bwipjsModule;
