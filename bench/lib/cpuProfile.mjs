// Self and total time per function of a V8 CPU profile (CDP Profiler.stop's `profile`). Used by
// bench/reactFrameRateTrace.mjs --profile, on a page bundled without minification.

const keyOf = ({ functionName, url, lineNumber }) =>
  `${functionName || "(anonymous)"} ${url.split("/").pop()}:${lineNumber + 1}`;

/** `{ totalMs, functions: [{ name, selfMs, totalMs }] }`, heaviest self time first. */
export function summarizeProfile(profile) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
  }
  const self = new Map();
  const total = new Map();
  let totalUs = 0;
  // Total time: a node's samples count once for every distinct function on its stack.
  const walk = (node, onStack) => {
    const key = keyOf(node.callFrame);
    const mine = selfUs.get(node.id) ?? 0;
    if (
      !["(idle)", "(program)", "(root)"].includes(node.callFrame.functionName)
    )
      totalUs += mine;
    self.set(key, (self.get(key) ?? 0) + mine);
    const stack = onStack.has(key) ? onStack : new Set(onStack).add(key);
    let subtree = mine;
    for (const child of node.children ?? [])
      subtree += walk(byId.get(child), stack);
    if (!onStack.has(key)) total.set(key, (total.get(key) ?? 0) + subtree);
    return subtree;
  };
  walk(profile.nodes[0], new Set());
  const functions = [...self.keys()].map((name) => ({
    name,
    selfMs: self.get(name) / 1000,
    totalMs: (total.get(name) ?? 0) / 1000,
  }));
  functions.sort((a, b) => b.selfMs - a.selfMs);
  return { totalMs: totalUs / 1000, functions };
}
