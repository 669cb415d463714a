/**
 * The client-support services (printer database, rates, address matching, printer results)
 * as the meter socket uses them; implemented in `../services/`.
 */
export type { SupportServices } from '../services/index.ts';
export { initSupportData, openSupportServices } from '../services/index.ts';
