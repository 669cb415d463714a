/**
 * THE bridge contract between the renderer and the app's core, whichever host carries it
 * (Electron IPC through the preload, or the web host's WebSocket). Every call has a zod
 * schema for its input and its output; `VbiBridge` is derived from them. Browser-safe:
 * imports only zod and the browser-safe field schemas of @vbi/protocol.
 *
 * No secret ever crosses this contract: the passphrase goes in once (register/login) and is
 * dropped by the core; no HMK, key or sealed blob comes out.
 */
import { z } from 'zod';
import {
  ERROR_CODES,
  destinationZipSchema,
  dimensionsInSchema,
  licenseZipSchema,
  mailClassSchema,
  mailDateSchema,
  offsetsMmSchema,
  passphraseSchema,
  loginPassphraseSchema,
  requestBodySchemas,
  responseBodySchemas,
  roleSchema,
  usernameSchema,
  zip5Schema,
} from '@vbi/protocol';

const empty = z.strictObject({});
const amsMatchRequestSchema = requestBodySchemas.amsMatch;
const amsMatchResponseSchema = responseBodySchemas.amsMatch;
const printerCheckResponseSchema = responseBodySchemas.printerCheck;
const mills = z.number().int().min(0);
const pieceNumber = z.number().int().min(1).max(0xffff_ffff);
const printerId = z.string().min(1).max(300);
/** Print on a printer that has not passed setup (allowed only for the file sink). */
const skipSetup = z.boolean().default(false);

/** A person's address as typed or as picked from the matcher's suggestions. */
export const mailAddressSchema = z.strictObject({
  name: z.string().max(64),
  street: z.string().min(1, 'street is required').max(100),
  secondary: z.string().max(64),
  city: z.string().max(64),
  state: z.string().max(32),
  zip: z.union([destinationZipSchema, z.literal('')]),
});
export type MailAddress = z.infer<typeof mailAddressSchema>;

/** What a piece prints on (packages/indicia's layouts a shipper picks; shared/label-choices.ts names them). */
export const layoutSchema = z.enum(['envelope-10', 'envelope-6-3-4', 'envelope-9', 'envelope-6x9', 'flat-9x12', 'label-4x6', 'package-4x6']);
export type Layout = z.infer<typeof layoutSchema>;
/** Sheets of several labels a page: `letter-2up`, two 4×6 labels on 8.5 × 11 in paper. */
export const sheetSchema = z.enum(['letter-2up']);
export type Sheet = z.infer<typeof sheetSchema>;
/** The layouts a sheet carries (4 × 6 in labels). */
export const SHEET_LAYOUTS: readonly Layout[] = ['label-4x6', 'package-4x6'];
const sheetFits = (job: { layout: Layout; sheet?: Sheet | undefined }) => job.sheet === undefined || SHEET_LAYOUTS.includes(job.layout);
const SHEET_MESSAGE = { message: 'A sheet of two labels takes 4×6 labels only.', path: ['sheet'] };

/** What can go wrong on the desktop's side, beside the vault's codes (SPEC §3.4). */
export const DESKTOP_ERROR_CODES = [
  /** The vault cannot be reached, or the connection is gone. */
  'OFFLINE',
  /** The connection dropped before the vault answered: it may have acted. */
  'LOST_ANSWER',
  /** An answer failed its schema, MAC, nonce, register or indicium check: it was not used. */
  'ANSWER_REFUSED',
  /** The vault could not prove it holds the pinned bank key. */
  'UNTRUSTED_VAULT',
  /** The vault address is plain ws:// to another computer: refused before anything is sent. */
  'INSECURE_VAULT',
  /** No (complete) account of that name on this computer. */
  'NO_LOCAL_ACCOUNT',
  /** The vault accepted the passphrase but the local key file does not open with it. */
  'LOCAL_KEY_UNREADABLE',
  'PRINTER_NOT_SET_UP',
  'PRINT_FAILED',
  /** A fresh quote at print time differs from the price the person confirmed: nothing was charged. */
  'PRICE_CHANGED',
  'NO_PRINTER',
  /** A bridge call from a frame that is not the app's own page (Electron). */
  'FORBIDDEN',
] as const;

/** Every error code a bridge call can fail with: the vault's, then the desktop's. */
export const errorCodeSchema = z.enum([...ERROR_CODES, ...DESKTOP_ERROR_CODES]);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

/** The codes shown as a problem banner (status.problem). */
export const problemCodeSchema = errorCodeSchema.extract(['OFFLINE', 'LOCKED_OUT', 'REGISTER_MISMATCH', 'VAULT_HALTED', 'UNTRUSTED_VAULT', 'INSECURE_VAULT', 'ANSWER_REFUSED']);
export type ProblemCode = z.infer<typeof problemCodeSchema>;

export const pendingPieceSchema = z.strictObject({
  pieceNumber,
  postage: mills,
  addressee: z.string().max(200),
  printerId: printerId.nullable(),
});

export const appStatusSchema = z.strictObject({
  vaultUrl: z.string(),
  online: z.boolean(),
  signedIn: z.boolean(),
  /** The person signed in (one meter may have several people, issue 15). */
  username: z.string().nullable(),
  /** Their role: an admin prints, buys, refunds and manages people; a clerk only prints. */
  role: roleSchema.nullable(),
  /** Their passphrase was reset: they must choose a new one before anything else. */
  mustChangePassphrase: z.boolean(),
  /** Usernames with an account (an encrypted HMK) in this profile. */
  knownUsers: z.array(z.string()),
  registers: z.strictObject({ ar: mills, dr: mills }).nullable(),
  pieces: z.number().int().min(0).nullable(),
  /** Account funds, known only after a purchase answered them. */
  funds: mills.nullable(),
  licenseZip: z.string().nullable(),
  deviceId: z.string().nullable(),
  /** Value operations are stopped (an unexplained register mismatch or a refused answer). */
  valueOpsBlocked: z.boolean(),
  /** `username`: the account a LOCKED_OUT problem is about (sign-in for another one is not locked). */
  problem: z.strictObject({ code: problemCodeSchema, message: z.string(), username: z.string().optional() }).nullable(),
  /** A piece the vault committed whose answer was lost: offer to print it. */
  pendingPiece: pendingPieceSchema.nullable(),
});
export type AppStatus = z.infer<typeof appStatusSchema>;

export const printerSchema = z.strictObject({
  id: printerId,
  name: z.string(),
  sink: z.enum(['cups', 'file', 'electron']),
  driverName: z.string(),
  setupPassed: z.boolean(),
  offsetsMm: offsetsMmSchema,
});
export type Printer = z.infer<typeof printerSchema>;

const weightOz = z.number().gt(0).max(1120);
const printJobFields = {
  from: mailAddressSchema,
  to: mailAddressSchema,
  mailClass: mailClassSchema,
  weightOz,
  /** Package measurements (inches), for the package classes' dimensional weight. */
  dimensionsIn: dimensionsInSchema.optional(),
  mailDate: mailDateSchema,
  layout: layoutSchema,
  sheet: sheetSchema.optional(),
  printerId,
  skipSetup,
};
/** A piece as composed (preview). */
export const printJobSchema = z.strictObject(printJobFields).refine(sheetFits, SHEET_MESSAGE);
export type PrintJob = z.input<typeof printJobSchema>;
/** A piece to print: as composed, with the price the person confirmed (the most it may cost). */
export const confirmedJobSchema = z.strictObject({ ...printJobFields, priceMills: mills.min(1) }).refine(sheetFits, SHEET_MESSAGE);
export type ConfirmedJob = z.input<typeof confirmedJobSchema>;

export const historyStatusSchema = z.enum(['printed', 're-printed', 'refunded', 'not-printed']);
export const historyEntrySchema = z.strictObject({
  pieceNumber,
  postage: mills,
  rateCategory: z.string(),
  addressee: z.string(),
  destinationZip: z.string(),
  mailDate: z.string(),
  /** When it was printed (first); a re-print keeps it and sets `reprintedAt`. */
  at: z.string(),
  reprintedAt: z.string().nullable().default(null),
  printerId: z.string().nullable(),
  status: historyStatusSchema,
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;
/** A history entry with who printed it (the vault's piece log; null when the vault could not be asked). */
export const namedHistoryEntrySchema = historyEntrySchema.extend({ printedBy: z.string().nullable() });
export type NamedHistoryEntry = z.infer<typeof namedHistoryEntrySchema>;

/** One person of the account, as Settings → People lists them. */
export const personSchema = z.strictObject({
  username: z.string(),
  role: roleSchema,
  /** Registered the account: cannot be removed; only the postage service resets their passphrase. */
  owner: z.boolean(),
  /** Has a key file on this computer (can sign in here). */
  onThisComputer: z.boolean(),
});
export const peopleSchema = z.strictObject({
  me: z.strictObject({ username: z.string(), role: roleSchema, owner: z.boolean(), mustChangePassphrase: z.boolean() }),
  /** Everyone on the account (an admin), or only oneself (a clerk). */
  users: z.array(personSchema),
});
export type People = z.infer<typeof peopleSchema>;

/** The ZIP reference's city and state of a ZIP (from the vault's amsMatch answer). */
export const zipInfoSchema = z.strictObject({ zip: zip5Schema, city: z.string(), state: z.string() });
export type ZipInfo = z.infer<typeof zipInfoSchema>;

/** One address of the address book. */
export const savedAddressSchema = z.strictObject({ id: z.string().min(1).max(40), address: mailAddressSchema });
export type SavedAddress = z.infer<typeof savedAddressSchema>;

/** The signed-in user's address book, return address and printer (profile: address-book.json). */
export const addressBookSchema = z.strictObject({
  returnAddress: mailAddressSchema.nullable(),
  printerId: printerId.nullable(),
  entries: z.array(savedAddressSchema).max(5000),
});
export type AddressBook = z.infer<typeof addressBookSchema>;

/** One purchase of postage, with what the receipt shows. */
export const purchaseSchema = z.strictObject({
  id: z.number().int().min(1),
  at: z.string(),
  amount: mills,
  /** Account funds left after it. */
  fundsAfter: mills,
  /** Postage on the meter after it. */
  balanceAfter: mills,
  meterId: z.string(),
  deviceId: z.string(),
});
export type Purchase = z.infer<typeof purchaseSchema>;

const csvText = z.string().max(2_000_000);

export const quoteSchema = z.strictObject({
  priceMills: mills,
  rateCategory: z.string(),
  zone: z.number().int().optional(),
  /** Set when the measurements made the dimensional weight (pounds) set the price. */
  dimensionalWeightLb: z.number().optional(),
  deckVersion: z.string(),
  placeholder: z.boolean(),
  note: z.string(),
});

export const updateStatusSchema = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('current') }),
  z.strictObject({ status: z.literal('unknown'), message: z.string() }),
  /** The feed or its artifact failed verification with the pinned release key. */
  z.strictObject({ status: z.literal('refused'), message: z.string() }),
  z.strictObject({
    status: z.literal('available'),
    version: z.string(),
    notes: z.string(),
    /** 0..1 while downloading, 1 when ready; null when this host cannot install updates. */
    progress: z.number().min(0).max(1).nullable(),
    canRestart: z.boolean(),
  }),
]);
export type UpdateStatus = z.infer<typeof updateStatusSchema>;

/** What every piece of a batch shares (each row may weigh its own). */
export const batchSettingsSchema = z
  .strictObject({
    from: mailAddressSchema,
    mailClass: mailClassSchema,
    /** The weight of a row whose CSV gives none. */
    weightOz,
    mailDate: mailDateSchema,
    layout: layoutSchema,
    sheet: sheetSchema.optional(),
  })
  .refine(sheetFits, SHEET_MESSAGE);
export type BatchSettings = z.infer<typeof batchSettingsSchema>;

/**
 * A row's state: `ready` (checked, may print), `needs-fix` (the person fixes, keeps as entered or
 * drops it), `dropped`, `issuing` (asked of the meter; settled at the next sign-in if the answer was
 * lost), `issued` (paid for, not printed yet), `printed`, `failed` (not charged).
 */
export const batchRowStateSchema = z.enum(['ready', 'needs-fix', 'dropped', 'issuing', 'issued', 'printed', 'failed']);
export const batchRowSchema = z.strictObject({
  id: z.number().int().min(1),
  /** Its line in the CSV file (the header is line 1). */
  line: z.number().int().min(2),
  /** The order number or reference of the row, if the file has one. */
  order: z.string().max(64),
  to: mailAddressSchema,
  /** Its own weight, or null for the batch's. */
  weightOz: weightOz.nullable(),
  state: batchRowStateSchema,
  /** What was corrected, what to fix, or why it failed — in plain words. */
  message: z.string().max(300),
  priceMills: mills.nullable(),
  /** The piece it was issued as (or is being issued as, `issuing`). */
  pieceNumber: pieceNumber.nullable(),
});
export type BatchRow = z.infer<typeof batchRowSchema>;

export const batchSchema = z.strictObject({
  id: z.string().min(1).max(64),
  createdAt: z.string(),
  settings: batchSettingsSchema,
  rows: z.array(batchRowSchema).max(500),
  /** Lines of the file that are no recipient at all (unreadable), with why. */
  skipped: z.array(z.strictObject({ line: z.number().int(), reason: z.string() })),
  /** `review` → `priced` → `printing` → `done`; `interrupted` when printing stopped part way. */
  phase: z.enum(['review', 'priced', 'printing', 'interrupted', 'done']),
});
export type Batch = z.infer<typeof batchSchema>;

/** A batch as the screen shows it, with its sums. */
export const batchViewSchema = batchSchema.extend({
  /** Postage of the priced rows not yet issued: what printing (or resuming) will charge. */
  toChargeMills: mills,
  /** Postage of the rows issued or printed: charged already. */
  chargedMills: mills,
});
export type BatchView = z.infer<typeof batchViewSchema>;

const previewSchema = z.strictObject({
  /** PNG pages (base64) rendered from the PDF bytes the core made. */
  pagesPng: z.array(z.string()),
  pdfSha256: z.string(),
  sample: z.boolean(),
  priceMills: mills.nullable(),
});

/** Every call of the bridge: its input and output schemas. */
export const bridgeCalls = {
  status: { input: empty, output: appStatusSchema },
  connect: { input: z.strictObject({ vaultUrl: z.string().max(300).optional() }), output: appStatusSchema },
  register: {
    input: z.strictObject({ username: usernameSchema, licenseZip: licenseZipSchema, passphrase: passphraseSchema }),
    output: appStatusSchema,
  },
  login: { input: z.strictObject({ username: usernameSchema, passphrase: loginPassphraseSchema }), output: appStatusSchema },
  /** "Move my meter to this computer" (an admin; docs/desktop.md). */
  transfer: { input: z.strictObject({ username: usernameSchema, passphrase: passphraseSchema }), output: appStatusSchema },
  logout: { input: empty, output: appStatusSchema },
  buyPostage: {
    input: z.strictObject({ amountMills: z.number().int().min(10).max(0xffff_ffff).refine((m) => m % 10 === 0, 'must be whole cents') }),
    output: appStatusSchema,
  },
  lookupZip: { input: z.strictObject({ zip: zip5Schema }), output: zipInfoSchema.nullable() },
  quote: {
    input: z.strictObject({ mailClass: mailClassSchema, weightOz, fromZip: zip5Schema, toZip: destinationZipSchema, dimensionsIn: dimensionsInSchema.optional() }),
    output: quoteSchema,
  },
  matchAddress: { input: amsMatchRequestSchema, output: amsMatchResponseSchema },
  preview: { input: printJobSchema, output: previewSchema },
  printPostage: { input: confirmedJobSchema, output: z.strictObject({ entry: historyEntrySchema, status: appStatusSchema }) },
  printPending: { input: z.strictObject({ printerId, skipSetup }), output: z.strictObject({ entry: historyEntrySchema, status: appStatusSchema }) },
  reprint: { input: z.strictObject({ pieceNumber, printerId, skipSetup }), output: historyEntrySchema },
  refund: { input: z.strictObject({ pieceNumber }), output: z.strictObject({ entry: historyEntrySchema, status: appStatusSchema }) },
  history: { input: empty, output: z.array(namedHistoryEntrySchema) },
  people: { input: empty, output: peopleSchema },
  addPerson: { input: z.strictObject({ username: usernameSchema, role: roleSchema, passphrase: passphraseSchema }), output: peopleSchema },
  removePerson: { input: z.strictObject({ username: usernameSchema }), output: peopleSchema },
  resetPassphrase: { input: z.strictObject({ username: usernameSchema, passphrase: passphraseSchema }), output: peopleSchema },
  changePassphrase: { input: z.strictObject({ current: loginPassphraseSchema, next: passphraseSchema }), output: appStatusSchema },
  listPrinters: { input: empty, output: z.array(printerSchema) },
  checkPrinter: { input: z.strictObject({ printerId }), output: printerCheckResponseSchema },
  printTestEnvelope: { input: z.strictObject({ printerId, offsetsMm: offsetsMmSchema }), output: z.strictObject({ printed: z.boolean() }) },
  savePrinterSetup: {
    input: z.strictObject({ printerId, media: z.string().min(1).max(64), offsetsMm: offsetsMmSchema, passed: z.boolean() }),
    output: printerSchema,
  },
  addressBook: { input: empty, output: addressBookSchema },
  saveAddress: { input: z.strictObject({ id: z.string().min(1).max(40).optional(), address: mailAddressSchema }), output: addressBookSchema },
  deleteAddress: { input: z.strictObject({ id: z.string().min(1).max(40) }), output: addressBookSchema },
  savePreferences: { input: z.strictObject({ returnAddress: mailAddressSchema.nullable().optional(), printerId: printerId.nullable().optional() }), output: addressBookSchema },
  importAddresses: {
    input: z.strictObject({ csv: csvText }),
    output: z.strictObject({ book: addressBookSchema, added: z.number().int(), skipped: z.array(z.strictObject({ line: z.number().int(), reason: z.string() })) }),
  },
  exportAddresses: { input: empty, output: z.strictObject({ csv: z.string() }) },
  purchases: { input: empty, output: z.array(purchaseSchema) },
  batchImport: { input: z.strictObject({ csv: csvText, settings: batchSettingsSchema }), output: batchViewSchema },
  batchEditRow: {
    input: z.strictObject({
      id: z.number().int().min(1),
      /** `update`: check the row again with `to`/`weightOz`; `keep-as-entered`: print it as typed; `drop`: leave it out. */
      action: z.enum(['update', 'keep-as-entered', 'drop']),
      to: mailAddressSchema.optional(),
      weightOz: weightOz.nullable().optional(),
    }),
    output: batchViewSchema,
  },
  batchPrice: { input: empty, output: batchViewSchema },
  batchPrint: { input: z.strictObject({ confirmedMills: mills, printerId, skipSetup }), output: batchViewSchema },
  batchCurrent: { input: empty, output: batchViewSchema.nullable() },
  batchDiscard: { input: empty, output: z.null() },
  updateStatus: { input: empty, output: updateStatusSchema },
  restartToUpdate: { input: empty, output: z.strictObject({ restarting: z.boolean() }) },
} as const;

export type CallName = keyof typeof bridgeCalls;
/** What the renderer passes (defaults may be left out). */
export type CallInput<K extends CallName> = z.input<(typeof bridgeCalls)[K]['input']>;
/** What a handler receives: the input after the contract parsed it (defaults filled in). */
export type CallArgs<K extends CallName> = z.output<(typeof bridgeCalls)[K]['input']>;
export type CallOutput<K extends CallName> = z.output<(typeof bridgeCalls)[K]['output']>;

/** State the core pushes to the renderer. */
export const bridgeEventSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('status'), status: appStatusSchema }),
  z.strictObject({
    type: z.literal('progress'),
    task: z.string(),
    label: z.string(),
    done: z.number(),
    total: z.number(),
  }),
  z.strictObject({ type: z.literal('update'), update: updateStatusSchema }),
]);
export type BridgeEvent = z.infer<typeof bridgeEventSchema>;

/** The shape the preload exposes as `window.vbi` and the WebSocket bridge implements. */
export type VbiBridge = { [K in CallName]: (input: CallInput<K>) => Promise<CallOutput<K>> } & {
  onEvent(listener: (event: BridgeEvent) => void): () => void;
};

/** The error a bridge call rejects with: a code and a sentence for a person, never a secret. */
export const bridgeErrorSchema = z.strictObject({ code: errorCodeSchema, message: z.string() });
export type BridgeErrorShape = z.infer<typeof bridgeErrorSchema>;

export const CALL_NAMES = Object.keys(bridgeCalls) as CallName[];
