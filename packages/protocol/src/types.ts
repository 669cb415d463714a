/** Types of the recurring structures, inferred from their schemas. */
import type { z } from 'zod';
import type {
  amsAddressSchema,
  deviceIdSchema,
  dimensionsInSchema,
  mailClassSchema,
  postageRateCategorySchema,
  rateCategorySchema,
  registersSchema,
} from './fields.ts';
import type { lastPieceSchema, loginSecretSchema, registerSecretSchema } from './schemas/session.ts';
import type { amsMatchCandidateSchema, printerProfileSchema } from './schemas/support.ts';
import type { auditRecordSchema } from './schemas/value.ts';
import type { personSchema, pieceLogEntrySchema, roleSchema } from './schemas/people.ts';

export type Registers = z.infer<typeof registersSchema>;
export type DeviceId = z.infer<typeof deviceIdSchema>;
export type RateCategory = z.infer<typeof rateCategorySchema>;
export type PostageRateCategory = z.infer<typeof postageRateCategorySchema>;
export type MailClass = z.infer<typeof mailClassSchema>;
export type DimensionsIn = z.infer<typeof dimensionsInSchema>;
export type AmsAddress = z.infer<typeof amsAddressSchema>;
export type AmsMatchCandidate = z.infer<typeof amsMatchCandidateSchema>;
export type PrinterProfile = z.infer<typeof printerProfileSchema>;
export type AuditRecord = z.infer<typeof auditRecordSchema>;
export type LastPiece = z.infer<typeof lastPieceSchema>;
export type RegisterSecret = z.infer<typeof registerSecretSchema>;
export type LoginSecret = z.infer<typeof loginSecretSchema>;
export type Role = z.infer<typeof roleSchema>;
export type Person = z.infer<typeof personSchema>;
export type PieceLogEntry = z.infer<typeof pieceLogEntrySchema>;
