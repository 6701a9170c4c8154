import type { Clock, TimerHandle } from '../clock.js';

/**
 * Half-open detection. The owner sets `alive = true` on any inbound traffic (a plain field write,
 * cheap enough for the per-frame hot path). Every `intervalMs` the heartbeat looks: traffic seen
 * means the peer is alive; none means it sends a ping and gives the peer `timeoutMs` to show life.
 *
 * @internal
 */
export class Heartbeat {
  alive = false;
  private timer: TimerHandle | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly intervalMs: number,
    private readonly timeoutMs: number,
    private readonly sendPing: () => void,
    private readonly onDead: () => void,
  ) {}

  start(): void {
    this.stop();
    this.alive = false;
    this.timer = this.clock.setTimeout(this.checkIdle, this.intervalMs);
  }

  stop(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private readonly checkIdle = (): void => {
    if (this.alive) {
      this.alive = false;
      this.timer = this.clock.setTimeout(this.checkIdle, this.intervalMs);
      return;
    }
    this.timer = this.clock.setTimeout(this.checkPong, this.timeoutMs);
    this.sendPing();
  };

  private readonly checkPong = (): void => {
    this.timer = undefined;
    if (this.alive) {
      this.alive = false;
      this.timer = this.clock.setTimeout(this.checkIdle, this.intervalMs);
      return;
    }
    this.onDead();
  };
}
