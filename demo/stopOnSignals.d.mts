export { stopOnSignals } from '@rxwire/cli';
export type { StopOnSignalsOptions } from '@rxwire/cli';
