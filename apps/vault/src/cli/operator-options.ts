/** Options the operator's commands share: which meter, who and why (for the audit log). */
import { userInfo } from 'node:os';
import { meterIdSchema, usernameSchema } from '@vbi/protocol';
import type { MeterRef } from '../admin/admin-protocol.ts';
import type { OperatorNote } from '../bank/messages.ts';
import { UsageError } from './options.ts';

export const METER_OPTIONS = {
  data: { type: 'string' },
  user: { type: 'string' },
  meter: { type: 'string' },
  reason: { type: 'string' },
} as const;

export const METER_HELP =
  '  --data DIR        the vault\'s data folder\n' +
  '  --user NAME       the meter of this account (case does not matter), or\n' +
  '  --meter ID        the meter with this id\n' +
  '  --reason TEXT     why (kept in the audit log with your login name; optional)\n';

export function meterRef(values: { user?: string | undefined; meter?: string | undefined }): MeterRef {
  if ((values.user === undefined) === (values.meter === undefined)) throw new UsageError('name the meter with --user NAME or --meter ID (one of them)');
  if (values.user !== undefined) {
    if (!usernameSchema.safeParse(values.user).success) throw new UsageError('--user is not a valid username');
    return { user: values.user };
  }
  if (!meterIdSchema.safeParse(values.meter).success) throw new UsageError('--meter is not a meter id (a UUID)');
  return { meterId: values.meter as string };
}

export function operatorNote(reason: string | undefined): OperatorNote {
  if (reason !== undefined && (reason.trim() === '' || reason.length > 500)) throw new UsageError('--reason must be 1–500 characters');
  let operator: string;
  try {
    operator = userInfo().username.slice(0, 64) || 'unknown';
  } catch {
    operator = 'unknown';
  }
  return { operator, reason: reason?.trim() ?? null };
}
