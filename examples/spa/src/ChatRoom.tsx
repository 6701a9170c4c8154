import { useState, type FormEvent } from 'react';
import type { BayeuxClient } from '@rxwire/bayeux';
import { useChannel, useObservable, usePublish } from '@rxwire/react';
import { ChannelBadge } from './ChannelBadge.js';

export interface ChatMessage {
  author: string;
  text: string;
}

/** A chat room over Bayeux: receives with `useChannel`, sends with `usePublish`. */
export function ChatRoom({ channel, bayeux }: { channel: string; bayeux: BayeuxClient }) {
  const { history, error, status, continuity } = useChannel<ChatMessage>(channel, { history: 50 });
  const subscribed = useObservable(bayeux.channel(channel).subscribed$, false);
  const publish = usePublish<ChatMessage>(channel);
  const [author] = useState(() => `guest-${Math.floor(Math.random() * 9000 + 1000)}`);
  const [text, setText] = useState('');
  const [sendError, setSendError] = useState<string>();

  const send = (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) return;
    setText('');
    setSendError(undefined);
    publish({ author, text }).catch((e: unknown) => setSendError(e instanceof Error ? e.message : String(e)));
  };

  return (
    <section aria-label="chat">
      <h2>
        Chat <code>{channel}</code>{' '}
        <span className="muted" data-testid="chat-subscribed" data-subscribed={String(subscribed)}>
          {subscribed ? 'subscribed' : 'not subscribed'}
        </span>{' '}
        {/* Faye has no ack extension: after a server restart this says 'gap' (messages may be missing). */}
        <ChannelBadge name="chat" status={status} continuity={continuity} handled="messages may be missing" />
      </h2>
      <form onSubmit={send}>
        <input aria-label="message" placeholder={`Say something as ${author}`} value={text} onChange={(e) => setText(e.target.value)} />
        <button type="submit">Send</button>
      </form>
      {error && <p className="error" role="alert">{error.message}</p>}
      {sendError && <p className="error" role="alert">{sendError}</p>}
      <ul data-testid="chat-messages">
        {history.map((m, i) => (
          <li key={i} data-testid="chat-message">
            <strong>{m.data.author}</strong>: {m.data.text}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The latest chat line, in the header: a second component on the same channel (one wire subscription). */
export function LastMessage({ channel }: { channel: string }) {
  const { latest } = useChannel<ChatMessage>(channel);
  return (
    <span className="muted" data-testid="chat-last">
      {latest ? `${latest.data.author}: ${latest.data.text}` : 'no messages yet'}
    </span>
  );
}
