import { describe, expect, it } from 'vitest';
import { dialects } from './dialects.js';
import { capabilities, checkProtocolName, type ProtocolName } from './protocolNames.js';

describe('protocol names', () => {
  it('know what each dialect can do before it is loaded, as the dialects themselves say', () => {
    for (const name of Object.keys(dialects) as ProtocolName[]) {
      const dialect = dialects[name]();
      expect(dialect.name).toBe(name);
      const has = Object.keys(dialect).filter((key) => key !== 'name' && key !== 'decode' && dialect[key as keyof typeof dialect] !== undefined);
      expect([...capabilities[name]].sort()).toEqual(has.sort());
    }
  });

  it('refuse an unknown name', () => {
    expect(checkProtocolName('json-rpc')).toBe('json-rpc');
    expect(() => checkProtocolName('nope')).toThrow(/Unknown protocol "nope"/);
  });
});
