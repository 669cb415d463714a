import { z } from 'zod';

/** The artifact a verified feed offers: absolute URL, sha512 (base64) and size in bytes. */
export const UpdateFile = z.strictObject({
  url: z.url(),
  sha512: z.string(),
  size: z.number().int().nonnegative(),
});

/**
 * What an update check found. `current`: the running version (`version`) is the newest the
 * feed offers. `available`: a newer, signature-verified release. `refused`: the feed could not be
 * trusted (unsigned, mis-signed, malformed). `offline`: the feed could not be reached or read.
 */
export const UpdateCheckResult = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('current'), version: z.string() }),
  z.strictObject({
    status: z.literal('available'),
    version: z.string(),
    releaseNotes: z.string().optional(),
    releaseDate: z.string(),
    file: UpdateFile,
  }),
  z.strictObject({ status: z.literal('refused'), reason: z.string() }),
  z.strictObject({ status: z.literal('offline'), reason: z.string() }),
]);
export type UpdateCheckResult = z.infer<typeof UpdateCheckResult>;
export type AvailableUpdate = Extract<UpdateCheckResult, { status: 'available' }>;
