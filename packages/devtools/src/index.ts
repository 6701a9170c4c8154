// `@rxwire/devtools`: the panel in development, nothing in production. Bundlers replace
// `process.env.NODE_ENV` (React's own entry needs them to), so in a production build the condition
// is a constant, the panel's module is an unused import of a side-effect-free package, and the
// bundle keeps only the component that renders nothing (bench/size.mjs, "devtools noop").
import type { ReactElement } from 'react';
import { RxwireDevtools as Panel, type RxwireDevtoolsProps } from './RxwireDevtools.js';

/**
 * The devtools panel ({@link RxwireDevtoolsProps}); renders nothing when
 * `process.env.NODE_ENV === 'production'`. Import it from `@rxwire/devtools/production` to ship it.
 *
 * @example
 * ```tsx
 * import { RxwireDevtools } from '@rxwire/devtools';
 *
 * <RxwireDevtools client={client} initialIsOpen />
 * ```
 */
export const RxwireDevtools: (props: RxwireDevtoolsProps) => ReactElement | null = process.env.NODE_ENV === 'production' ? () => null : Panel;

export type { RxwireDevtoolsProps } from './RxwireDevtools.js';
export type { InspectableClient } from './internal/inspectorStore.js';
