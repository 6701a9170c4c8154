export { BayeuxClient } from '/work/wt/inspect/packages/bayeux/src/index.ts';
export { RpcClient } from '/work/wt/inspect/packages/rpc/src/index.ts';
