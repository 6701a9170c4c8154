import type { Browser } from "playwright-core";

export type FrameRateClient =
  | "rxwire"
  | "rxwire-microtask"
  | "rxwire-worker"
  | "react-use-websocket"
  | "receive-only";
export type FrameRateScenario = "burst" | "steady";

export const scenarios: {
  burst: { label: string; total: number };
  steady: { label: string; total: number; perSecond: number; seconds: number };
};

export interface FeedServer {
  readonly url: string;
  nextReady(timeoutMs?: number): Promise<void>;
  burst(total: number): void;
  steady(options: { perSecond: number; seconds: number }): Promise<void>;
  dropAll(): void;
  close(): Promise<void>;
}

export interface FrameRateResult {
  client: FrameRateClient;
  scenario: FrameRateScenario;
  messages: number;
  /** Feed messages the page's WebSocket delivered. */
  received: number;
  /** React commits of the feed component (a layout-effect counter). */
  commits: number;
  commitsPerMessage: number;
  /** The sequence number on screen at the end. */
  shown: number;
  /** rxwire only: the sequence numbers in `history` (10) at the end. */
  history: number[];
  /** Chromium's TaskDuration over the run, in ms. */
  mainThreadMs: number;
  /** Chromium's ThreadTime over the run (the main thread's CPU time), in ms. */
  mainThreadCpuMs: number;
  scriptMs: number;
  /** Chromium's LayoutDuration + RecalcStyleDuration over the run, in ms. */
  layoutAndStyleMs: number;
  /** Chromium's LayoutCount over the run: about the frames that showed a change. */
  layouts: number;
  /** From the page handling the last message to the commit that shows it. */
  lastMessageToCommitMs: number;
}

export function startFeedServer(): Promise<FeedServer>;
export function serveFrameRatePage(options?: {
  minify?: boolean;
}): Promise<{ url: string; close(): Promise<void> }>;
export function runFrameRate(
  browser: Browser,
  options: {
    pageUrl: string;
    server: FeedServer;
    client: FrameRateClient;
    scenario: FrameRateScenario;
    timeoutMs?: number;
    /** Brackets the traffic: `start` before the first message, `stop` once the last one is on screen. */
    around?: {
      start(page: import("playwright-core").Page): Promise<void>;
      stop(): Promise<void>;
    };
  }
): Promise<FrameRateResult>;
