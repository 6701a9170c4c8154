// @rxwire/rpc: filled in by its own issue; see ../../shared/DESIGN.md for the planned surface.
export type { ChannelSource, Channel, ChannelMessage } from '@rxwire/core';
