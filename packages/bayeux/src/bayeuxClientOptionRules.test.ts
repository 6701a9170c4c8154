import { describe, expect, it, vi } from 'vitest';
import { wrongOptionValues } from '@rxwire/test-support/optionCases';
import { BayeuxClient } from './bayeuxClient.js';
import { bayeuxClientRules } from './bayeuxClientOptionRules.js';

describe('BayeuxClient options, checked when constructed', () => {
  const { cases, unchecked } = wrongOptionValues(bayeuxClientRules);

  it('has a rule that can reject each option', () => {
    expect(unchecked).toEqual([]);
  });

  it.each(cases)('a wrong %s throws a TypeError naming it', (name, value) => {
    const construct = () => new BayeuxClient({ url: 'http://127.0.0.1:1/bayeux', logger: false, [name]: value } as never);
    expect(construct).toThrow(TypeError);
    expect(construct).toThrow(`option "${name}"`);
  });

  it('needs a url, and every url of a list must be http(s)', () => {
    expect(() => new BayeuxClient({} as never)).toThrow('BayeuxClient: option "url" is required');
    expect(() => new BayeuxClient({ url: [] })).toThrow('option "url"');
    expect(() => new BayeuxClient({ url: ['http://a/bayeux', 'ftp://b/bayeux'] })).toThrow('option "url"');
  });

  it('reports a misspelt option once through the logger, with the closest name', () => {
    const logger = vi.fn();
    new BayeuxClient({ url: 'http://127.0.0.1:1/bayeux', logger, conectionTimeoutMs: 5 } as never);
    expect(logger.mock.calls).toEqual([['[rxwire] BayeuxClient: unknown option "conectionTimeoutMs" is ignored (did you mean "connectionTimeoutMs"?).']]);
  });

  it('takes console, a pino-like object or false as its logger', () => {
    expect(() => new BayeuxClient({ url: 'http://h/bayeux', logger: console })).not.toThrow();
    const pinoLike = { warn() {}, error() {}, level: 'warn' };
    expect(() => new BayeuxClient({ url: 'http://h/bayeux', logger: pinoLike })).not.toThrow();
    expect(() => new BayeuxClient({ url: 'http://h/bayeux', logger: false })).not.toThrow();
  });
});
