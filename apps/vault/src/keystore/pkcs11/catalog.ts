/**
 * The keys a vault keeps in its token (CKA_LABEL, all with CKA_ID = the vault id) and how
 * `vault init` makes them: inside the token, persistent (CKA_TOKEN), private, sensitive and not
 * extractable, so no call — not even C_WrapKey — ever returns their value. Public halves of the
 * key pairs stay readable (the trust bundle is made from them).
 *
 * The software store derives the link key, the module-memory keys and the backup keys from the
 * log and checkpoint keys with HKDF; SoftHSM2 has no HKDF mechanism (CKM_HKDF_DERIVE is PKCS#11
 * 3.0), so the token keeps a separate key for each instead.
 */
import { P11 } from './token.ts';

/** P-256's OID as CKA_EC_PARAMS (DER). */
export const P256_PARAMS = Buffer.from('06082a8648ce3d030107', 'hex');

export type SecretUse = 'seal' | 'mac' | 'wrap';

/** Secret keys: AES-256 (seal, wrap) or 32-byte HMAC-SHA256 generic secrets (mac). */
export const SECRET_KEYS = {
  'psd-wrap': 'seal',
  'meter-wrap': 'wrap',
  checkpoint: 'mac',
  log: 'mac',
  'log-link': 'mac',
  'module-memory': 'seal',
  'backup-segment': 'seal',
  'backup-snapshot': 'seal',
} as const satisfies Record<string, SecretUse>;
export type SecretLabel = keyof typeof SECRET_KEYS;

/** Key pairs: bank-auth and the CA sign (P-256); bank-enc decrypts (RSA-3072). */
export const KEY_PAIRS = { 'bank-auth': 'ec', ca: 'ec', 'bank-enc': 'rsa' } as const;
export type PairLabel = keyof typeof KEY_PAIRS;

const USES: Record<SecretUse, number[]> = {
  seal: [P11.CKA_ENCRYPT, P11.CKA_DECRYPT],
  mac: [P11.CKA_SIGN, P11.CKA_VERIFY],
  wrap: [P11.CKA_WRAP, P11.CKA_UNWRAP],
};
const ALL_USES = [...new Set(Object.values(USES).flat())];

/** What every private or secret key of the vault carries: in the token, never out of it. */
function keptInside(label: string, vaultId: Buffer) {
  return [
    { type: P11.CKA_TOKEN, value: true },
    { type: P11.CKA_PRIVATE, value: true },
    { type: P11.CKA_SENSITIVE, value: true },
    { type: P11.CKA_EXTRACTABLE, value: false },
    { type: P11.CKA_DERIVE, value: false },
    { type: P11.CKA_LABEL, value: label },
    { type: P11.CKA_ID, value: vaultId },
  ];
}

type Session = { p11: InstanceType<typeof P11.PKCS11>; session: Buffer };

export function generateSecretKey(t: Session, label: SecretLabel, vaultId: Buffer): void {
  const use = SECRET_KEYS[label];
  const aes = use !== 'mac';
  t.p11.C_GenerateKey(t.session, { mechanism: aes ? P11.CKM_AES_KEY_GEN : P11.CKM_GENERIC_SECRET_KEY_GEN }, [
    { type: P11.CKA_CLASS, value: P11.CKO_SECRET_KEY },
    { type: P11.CKA_KEY_TYPE, value: aes ? P11.CKK_AES : P11.CKK_GENERIC_SECRET },
    { type: P11.CKA_VALUE_LEN, value: 32 },
    ...keptInside(label, vaultId),
    ...ALL_USES.map((type) => ({ type, value: USES[use].includes(type) })),
  ]);
}

export function generateKeyPair(t: Session, label: PairLabel, vaultId: Buffer): void {
  const ec = KEY_PAIRS[label] === 'ec';
  const publicTemplate = [
    { type: P11.CKA_TOKEN, value: true },
    { type: P11.CKA_PRIVATE, value: false },
    { type: P11.CKA_LABEL, value: label },
    { type: P11.CKA_ID, value: vaultId },
    ...(ec
      ? [{ type: P11.CKA_EC_PARAMS, value: P256_PARAMS }, { type: P11.CKA_VERIFY, value: true }]
      : [
          { type: P11.CKA_MODULUS_BITS, value: 3072 },
          { type: P11.CKA_PUBLIC_EXPONENT, value: Buffer.from([1, 0, 1]) },
          { type: P11.CKA_ENCRYPT, value: true },
        ]),
  ];
  const privateTemplate = [
    ...keptInside(label, vaultId),
    { type: P11.CKA_SIGN, value: ec },
    { type: P11.CKA_DECRYPT, value: !ec },
    { type: P11.CKA_UNWRAP, value: false },
  ];
  t.p11.C_GenerateKeyPair(
    t.session,
    { mechanism: ec ? P11.CKM_EC_KEY_PAIR_GEN : P11.CKM_RSA_PKCS_KEY_PAIR_GEN },
    publicTemplate,
    privateTemplate,
  );
}
