// `@rxwire/devtools/production`: the panel itself, for apps that want it in a production build too
// (a staging site, a support page, or a demo such as this repository's).
export { RxwireDevtools } from './RxwireDevtools.js';
export type { RxwireDevtoolsProps } from './RxwireDevtools.js';
export type { InspectableClient } from './internal/inspectorStore.js';
