import type { ChannelStatus, Continuity } from '@rxwire/react';

interface Props {
  name: string;
  status: ChannelStatus;
  /** What `continuity$` said after the last loss, if there was one. */
  continuity?: Continuity | undefined;
  /** What the app did about a gap (e.g. refetched, or dropped what it had), shown after it. */
  handled?: string | undefined;
}

/** The badge colours are the connection badge's: live green, error red, the rest in between. */
const dot: Record<ChannelStatus, string> = {
  idle: 'idle',
  connecting: 'connecting',
  subscribing: 'connecting',
  live: 'connected',
  reconnecting: 'reconnecting',
  error: 'closed',
};

/**
 * A channel's status and, after a loss, its continuity: 'recovered' (nothing was missed) or 'gap'
 * (messages may be missing, so the app refetches or starts afresh), e.g. "live · gap - refetched".
 */
export function ChannelBadge({ name, status, continuity, handled }: Props) {
  const resumed = continuity?.resumed;
  return (
    <span className="badge" data-testid={`channel-${name}`} data-state={dot[status]} data-status={status} data-resumed={resumed ?? ''}>
      {name}: {status}
      {resumed ? ` · ${resumed}` : ''}
      {resumed === 'gap' && handled ? ` - ${handled}` : ''}
    </span>
  );
}
