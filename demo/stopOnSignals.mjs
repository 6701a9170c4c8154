// The demo's Ctrl-C rule is the rxwire CLI's (packages/cli/src/stopOnSignals.ts): copies of one
// keypress within a second stop once; only a later signal forces the exit. One implementation, kept
// where it ships; this module keeps the demo's imports short.
export { stopOnSignals } from '@rxwire/cli';
