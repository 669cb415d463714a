/**
 * One thread's session with a PKCS#11 token (pkcs11js). The PKCS#11 library is one per process:
 * the first thread to initialise it wins (later ones get CKR_CRYPTOKI_ALREADY_INITIALIZED), and a
 * login holds for every session of the process (CKR_USER_ALREADY_LOGGED_IN). So each thread
 * (module worker, commit writer, off-load) opens its own session and never calls C_Finalize or
 * C_Logout, which would end the other threads' sessions too.
 */
import pkcs11js from 'pkcs11js';

type Handle = Buffer;
export const P11 = pkcs11js;

/** The PIN of the token's user, from VBI_PKCS11_PIN (never a flag, never logged). */
export function tokenPin(): string {
  const pin = process.env.VBI_PKCS11_PIN;
  if (pin === undefined || pin === '') throw new Error('VBI_PKCS11_PIN is not set (the PIN of the PKCS#11 token)');
  return pin;
}

function codeOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A token error in plain words; PKCS#11 return codes never carry secrets, so the code is kept. */
export class TokenError extends Error {}

export interface TokenSession {
  readonly p11: pkcs11js.PKCS11;
  readonly session: Handle;
  /**
   * The one object of this vault with that label and class (throws when there is none). A private
   * or secret key comes back as this session's copy of it (C_CopyObject, CKA_TOKEN false): still
   * inside the token, sensitive and not extractable as the original (PKCS#11 lets no copy relax
   * either), gone when the session closes. SoftHSM2 re-reads a token object's file state and
   * decrypts its value on every use; a session copy saves about 30 µs per operation.
   */
  find(label: string, objectClass: number): Handle;
  close(): void;
}

function tolerate(run: () => void, code: string): void {
  try {
    run();
  } catch (err) {
    if (!codeOf(err).includes(code)) throw err;
  }
}

/**
 * Opens a session on the token labelled `label` and logs the user in. `vaultId` is the CKA_ID
 * of the vault's objects; `readWrite` only for `vault init`, which creates them.
 */
export function openTokenSession(ref: { module: string; label: string; vaultId: Buffer }, readWrite = false): TokenSession {
  const pin = tokenPin();
  const p11 = new pkcs11js.PKCS11();
  try {
    p11.load(ref.module);
  } catch (err) {
    throw new TokenError(`could not load the PKCS#11 library ${ref.module}: ${codeOf(err)}`);
  }
  tolerate(() => p11.C_Initialize({ flags: pkcs11js.CKF_OS_LOCKING_OK }), 'CKR_CRYPTOKI_ALREADY_INITIALIZED');
  const slot = p11.C_GetSlotList(true).find((s) => p11.C_GetTokenInfo(s).label.trim() === ref.label);
  if (slot === undefined) throw new TokenError(`no PKCS#11 token is labelled "${ref.label}" (library ${ref.module})`);
  const flags = pkcs11js.CKF_SERIAL_SESSION | (readWrite ? pkcs11js.CKF_RW_SESSION : 0);
  const session = p11.C_OpenSession(slot, flags);
  try {
    tolerate(() => p11.C_Login(session, pkcs11js.CKU_USER, pin), 'CKR_USER_ALREADY_LOGGED_IN');
  } catch (err) {
    p11.C_CloseSession(session);
    if (codeOf(err).includes('CKR_PIN_INCORRECT')) throw new TokenError(`the token "${ref.label}" refused the PIN (VBI_PKCS11_PIN)`);
    throw new TokenError(`could not log in to the token "${ref.label}": ${codeOf(err)}`);
  }
  const found = new Map<string, Handle>();
  return {
    p11,
    session,
    find(label, objectClass) {
      const key = `${objectClass}:${label}`;
      const hit = found.get(key);
      if (hit !== undefined) return hit;
      p11.C_FindObjectsInit(session, [
        { type: pkcs11js.CKA_CLASS, value: objectClass },
        { type: pkcs11js.CKA_LABEL, value: label },
        { type: pkcs11js.CKA_ID, value: ref.vaultId },
        // The stored key, not another thread's session copy (session objects are visible process-wide).
        { type: pkcs11js.CKA_TOKEN, value: true },
      ]);
      const handles = p11.C_FindObjects(session, 2);
      p11.C_FindObjectsFinal(session);
      if (handles.length !== 1) {
        throw new TokenError(`the token "${ref.label}" holds ${handles.length === 0 ? 'no' : 'more than one'} key "${label}" of this vault`);
      }
      const handle = handles[0] as Handle;
      const own = objectClass === pkcs11js.CKO_PUBLIC_KEY ? handle : p11.C_CopyObject(session, handle, [{ type: pkcs11js.CKA_TOKEN, value: false }]);
      found.set(key, own);
      return own;
    },
    close() {
      tolerate(() => p11.C_CloseSession(session), 'CKR_SESSION_HANDLE_INVALID');
    },
  };
}
