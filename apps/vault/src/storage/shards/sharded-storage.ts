/**
 * The Storage of a vault whose meters are split across PostgreSQL databases (shard-map.ts): one
 * PostgreSQL Storage per shard, and this router in front. A meter's calls go to its shard; what
 * must be unique for the whole vault (PSD and certificate serials, module serials) comes from the
 * home shard (the first); lookups that name no meter (a username, a certificate serial) ask every
 * shard at once; totals are summed. Each module commits to its own shard only (Placement).
 *
 * The ledger is per shard too: a meter, its account, the account's credit chain, its pieces and log
 * entries, and the audit entries about them are on one shard, each shard with its own log, audit
 * and credit ids. So an account's credits go to the shard that holds the account, and the
 * whole-ledger reads (verify-log, report) are made shard by shard (config/vault-config.ts
 * databasesOf), not through this router, which refuses them plainly.
 */
import type { LogLinker } from '../../ledger/chain.ts';
import { EMPTY_CREDIT_HEAD } from '../../ledger/credits.ts';
import { openPgStorage, type PgStorageOptions } from '../postgres/pg-storage.ts';
import type { AuditEntry, BatchCommit, ModuleRow, Placement, Storage, VaultTotals } from '../storage.ts';
import { checkShardRanges, claimModuleHomes } from './pg-shard-admin.ts';
import { newMeterId, shardIndexOf, type ShardMap } from './shard-map.ts';


/** Groups items by shard, keeping each item's position. */
function byShard<T>(items: readonly T[], shardOf: (item: T) => number): Map<number, Array<{ item: T; at: number }>> {
  const groups = new Map<number, Array<{ item: T; at: number }>>();
  items.forEach((item, at) => {
    const k = shardOf(item);
    const list = groups.get(k) ?? [];
    list.push({ item, at });
    groups.set(k, list);
  });
  return groups;
}

const firstDefined = <T>(values: Array<T | undefined>): T | undefined => values.find((v) => v !== undefined);

/** Opens every shard (migrating each), checks the map against the databases, returns the router. */
export async function openShardedStorage(map: ShardMap, o: PgStorageOptions = {}): Promise<Storage> {
  const opened = await Promise.allSettled(map.shards.map((s) => openPgStorage(s.database, o)));
  const shards = opened.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = opened.findIndex((r) => r.status === 'rejected');
  if (failed >= 0) {
    await Promise.all(shards.map((s) => s.close()));
    const reason = (opened[failed] as PromiseRejectedResult).reason as Error;
    throw new Error(`shard ${map.shards[failed]?.name}: ${reason.message}`);
  }
  try {
    await checkShardRanges(map);
  } catch (err) {
    await Promise.all(shards.map((s) => s.close()));
    throw err;
  }
  return shardedStorage(map, shards);
}

export function shardedStorage(map: ShardMap, shards: Storage[]): Storage {
  const home = shards[0] as Storage;
  const meterShard = (meterId: string) => shardIndexOf(map, meterId);
  const of = (meterId: string) => shards[meterShard(meterId)] as Storage;
  /** This process's module serials and their shards (claimModules); serials of other processes are unknown here. */
  const moduleShards = new Map<number, number>();
  const moduleShard = (serial: number) => {
    const k = moduleShards.get(serial);
    if (k === undefined) throw new Error(`module ${serial} is not one this process claimed`);
    return k;
  };
  const all = <T>(call: (s: Storage) => Promise<T>) => Promise.all(shards.map(call));
  /** The shard holding an account (its key: the lower-cased username), if any. */
  const accountShard = async (account: string) => {
    const found = await all((s) => s.accountByUsername(account));
    const k = found.findIndex((a) => a !== undefined);
    return k < 0 ? undefined : (shards[k] as Storage);
  };
  /** Per-meter reads of several meters, each group on its shard, answered in the meters' order. */
  const perMeter = async <T>(meterIds: readonly string[], read: (s: Storage, ids: string[]) => Promise<T[]>, none: T): Promise<T[]> => {
    const out: T[] = meterIds.map(() => none);
    await Promise.all([...byShard(meterIds, meterShard)].map(async ([k, group]) => {
      const found = await read(shards[k] as Storage, group.map((g) => g.item));
      group.forEach((g, i) => (out[g.at] = found[i] as T));
    }));
    return out;
  };
  const perShard = (what: string) => () => Promise.reject(new Error(`${what} is read shard by shard on a vault split across databases`));

  const placement: Placement = { shards: shards.length, shardOfMeter: meterShard, shardOfModule: moduleShard };
  const storage: Storage = {
    placement,
    newMeterId: () => newMeterId(map),
    allocateSerials: (count) => home.allocateSerials(count),
    insertMeter: (meter, poolOwner) => of(meter.id).insertMeter(meter, poolOwner),
    async claimPoolMeters(owner, limit) {
      // A fair share from each shard, then what is missing from those that had more, interleaved
      // so that registrations spread over the shards.
      const share = Math.ceil(limit / shards.length);
      const lists = await all((s) => s.claimPoolMeters(owner, share));
      let missing = limit - lists.reduce((n, l) => n + l.length, 0);
      for (const [k, list] of lists.entries()) {
        if (missing <= 0 || list.length < share) continue;
        const more = (await (shards[k] as Storage).claimPoolMeters(owner, share + missing)).slice(share);
        list.push(...more);
        missing -= more.length;
      }
      const out: string[] = [];
      for (let i = 0; out.length < lists.reduce((n, l) => n + l.length, 0); i++) for (const l of lists) if (i < l.length) out.push(l[i] as string);
      return out;
    },
    sealedPackages: (meterIds) => perMeter(meterIds, (s, ids) => s.sealedPackages(ids), undefined),
    newestLogEntries: (meterIds) => perMeter(meterIds, (s, ids) => s.newestLogEntries(ids), undefined),
    fundsOf: (meterIds) => perMeter(meterIds, (s, ids) => s.fundsOf(ids), 0),
    meterInfo: (meterId) => of(meterId).meterInfo(meterId),
    certificateBySerial: async (serial) => firstDefined(await all((s) => s.certificateBySerial(serial))),
    accountByUsername: async (username) => firstDefined(await all((s) => s.accountByUsername(username))),
    accountByMeter: (meterId) => of(meterId).accountByMeter(meterId),
    // A username is on one shard (the registration's username lock keeps it unique across them).
    creditHead: async (account) => (await (await accountShard(account))?.creditHead(account)) ?? EMPTY_CREDIT_HEAD,
    appendCredit: async (entry) => (await (await accountShard(entry.account))?.appendCredit(entry)) ?? false,
    credits: async (account, afterSeq) => (await (await accountShard(account))?.credits(account, afterSeq)) ?? [],
    piece: (meterId, n) => of(meterId).piece(meterId, n),
    lastPiece: (meterId) => of(meterId).lastPiece(meterId),
    async claimModules(owner, count) {
      const homed = await claimModuleHomes(map, owner, count);
      for (const m of homed) moduleShards.set(m.serial, m.shard);
      return homed.map(({ shard: _shard, ...row }) => row);
    },
    async modules() {
      // A serial with a row on a shard other than the home shard lives there; the home shard's
      // row of it is only its registration.
      const lists = await all((s) => s.modules());
      const rows = new Map<number, ModuleRow>();
      for (const m of lists[0] ?? []) rows.set(m.serial, m);
      for (const list of lists.slice(1)) for (const m of list) rows.set(m.serial, m);
      return [...rows.values()].sort((a, b) => a.serial - b.serial);
    },
    checkpoint: (serial) => (shards[moduleShard(serial)] as Storage).checkpoint(serial),
    async commitBatches(batches: BatchCommit[], linker: LogLinker) {
      await Promise.all([...byShard(batches, (b) => moduleShard(b.moduleSerial))].map(([k, group]) =>
        (shards[k] as Storage).commitBatches(group.map((g) => g.item), linker)));
    },
    async appendAudit(entries: AuditEntry[]) {
      const shardOf = (e: AuditEntry) =>
        e.meterId !== undefined ? meterShard(e.meterId) : e.moduleSerial !== undefined ? (moduleShards.get(e.moduleSerial) ?? 0) : 0;
      await Promise.all([...byShard(entries, shardOf)].map(([k, group]) => (shards[k] as Storage).appendAudit(group.map((g) => g.item))));
    },
    async auditLog(limit) {
      // Ids are per shard; the newest first by time across shards.
      const lists = await all((s) => s.auditLog(limit));
      return lists.flat().sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)).slice(0, limit);
    },
    linkOldEntries: async (linker) => {
      await all((s) => s.linkOldEntries(linker));
    },
    logEntries: perShard('the transaction log'),
    auditEntries: perShard('the audit log'),
    creditEntries: perShard('the credits ledger'),
    pieces: perShard('the pieces table'),
    accountMeters: perShard('the accounts'),
    checkpoints: perShard('the checkpoints'),
    async totals(): Promise<VaultTotals> {
      const parts = await all((s) => s.totals());
      const sum = (pick: (t: VaultTotals) => number) => parts.reduce((n, t) => n + pick(t), 0);
      const meters: Record<string, number> = {};
      for (const t of parts) for (const [state, n] of Object.entries(t.meters)) meters[state] = (meters[state] ?? 0) + n;
      return {
        meters, accounts: sum((t) => t.accounts), funds: sum((t) => t.funds), pieces: sum((t) => t.pieces),
        postage: sum((t) => t.postage), refunded: sum((t) => t.refunded),
      };
    },
    // The operator's console reads (issue 17) and the people of an account (issue 15): per meter
    // on its shard; by username or module serial from whichever shard has it.
    accounts: async () => (await all((s) => s.accounts())).flat(),
    meterLog: (meterId, limit) => of(meterId).meterLog(meterId, limit),
    meterAudit: (meterId, limit) => of(meterId).meterAudit(meterId, limit),
    lastModuleEntry: async (serial) => firstDefined(await all((s) => s.lastModuleEntry(serial))),
    retiredCertificates: (meterId) => of(meterId).retiredCertificates(meterId),
    personByUsername: async (username) => firstDefined(await all((s) => s.personByUsername(username))),
    pieceLog: (meterId, query) => of(meterId).pieceLog(meterId, query),
    passphraseReset: async (username) => firstDefined(await all((s) => s.passphraseReset(username))),
    putPassphraseReset: (username, meterId, sealed, issuedAt) => of(meterId).putPassphraseReset(username, meterId, sealed, issuedAt),
    close: async () => {
      await all((s) => s.close());
    },
  };
  return storage;
}
