/** Whether value operations (buy, print, refund) can be offered; the banners say why not. */
import type { AppStatus } from '../../shared/contract.ts';

export function valueOpsAvailable(status: AppStatus | null): boolean {
  if (!status?.signedIn || !status.online || status.valueOpsBlocked) return false;
  return status.problem?.code !== 'VAULT_HALTED';
}
