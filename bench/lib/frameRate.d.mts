import type { Browser } from 'playwright-core';

export type FrameRateClient = 'rxwire' | 'rxwire-microtask' | 'react-use-websocket';
export type FrameRateScenario = 'burst' | 'steady';

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
  scriptMs: number;
  /** From the page handling the last message to the commit that shows it. */
  lastMessageToCommitMs: number;
}

export function startFeedServer(): Promise<FeedServer>;
export function serveFrameRatePage(): Promise<{ url: string; close(): Promise<void> }>;
export function runFrameRate(
  browser: Browser,
  options: { pageUrl: string; server: FeedServer; client: FrameRateClient; scenario: FrameRateScenario; timeoutMs?: number },
): Promise<FrameRateResult>;
