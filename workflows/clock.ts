/**
 * Time inside a case. The workflow sandbox makes Date deterministic (it reads the time of the
 * current workflow task), so these are safe on replay; timers still belong to condition() and sleep().
 */
export const nowMs = (): number => Date.now();
export const nowIso = (): string => new Date(nowMs()).toISOString();
export const isoIn = (ms: number): string => new Date(nowMs() + ms).toISOString();
export const msUntil = (iso: string): number => Date.parse(iso) - nowMs();
