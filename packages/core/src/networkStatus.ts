/**
 * Whether the device believes it is online, and a way to hear when that changes. In browsers this
 * is `navigator.onLine` with the `online`/`offline` events; elsewhere it is always online.
 */
export interface NetworkStatus {
  isOnline(): boolean;
  /** Calls `listener` on every change; returns the function that stops listening. */
  subscribe(listener: (online: boolean) => void): () => void;
}

interface EventTargetLike {
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
}

/**
 * The platform's network status, read lazily (nothing is touched at import time, so SSR and
 * workers are safe). Without `navigator.onLine` and window events it reports "always online".
 */
export function browserNetworkStatus(): NetworkStatus {
  const g = globalThis as { navigator?: { onLine?: unknown }; addEventListener?: unknown };
  const target = typeof g.addEventListener === 'function' ? (globalThis as unknown as EventTargetLike) : undefined;
  const hasFlag = typeof g.navigator?.onLine === 'boolean';
  return {
    isOnline: () => !hasFlag || g.navigator?.onLine !== false,
    subscribe(listener) {
      if (!target) return () => undefined;
      const online = () => listener(true);
      const offline = () => listener(false);
      target.addEventListener('online', online);
      target.addEventListener('offline', offline);
      return () => {
        target.removeEventListener('online', online);
        target.removeEventListener('offline', offline);
      };
    },
  };
}
