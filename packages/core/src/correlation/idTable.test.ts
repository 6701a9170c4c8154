import { describe, expect, it } from 'vitest';
import { IdTable } from './idTable.js';

interface Item {
  id: string;
}

const item = (id: string): Item => ({ id });
const idsOf = (table: IdTable<Item>): string[] => [...table.values()].map((value) => value.id);

describe('IdTable', () => {
  it('keeps one value per id, counts them, and hands each back once', () => {
    const table = new IdTable<Item>();
    table.set('1', item('1'));
    table.set('2', item('2'));
    expect(table.size).toBe(2);
    expect(table.get('1')?.id).toBe('1');
    expect(table.take('1')?.id).toBe('1');
    expect(table.take('1')).toBeUndefined();
    expect(table.get('1')).toBeUndefined();
    expect(table.size).toBe(1);
    const replacement = item('2');
    table.set('2', replacement);
    expect(table.size).toBe(1);
    expect(table.get('2')).toBe(replacement);
  });

  it('iterates in the order added, for decimal ids past the array-index range and for prefixed ids', () => {
    const decimal = new IdTable<Item>();
    // 4294967294 is the last array index: the ids after it are ordinary keys, listed after it.
    for (const id of ['9', '10', '4294967294', '4294967295', '4294967296']) decimal.set(id, item(id));
    expect(idsOf(decimal)).toEqual(['9', '10', '4294967294', '4294967295', '4294967296']);
    const prefixed = new IdTable<Item>();
    for (const id of ['tab-9', 'tab-10', 'tab-11']) prefixed.set(id, item(id));
    prefixed.take('tab-10');
    prefixed.set('tab-12', item('tab-12'));
    expect(idsOf(prefixed)).toEqual(['tab-9', 'tab-11', 'tab-12']);
  });

  it('does not visit a value removed during iteration', () => {
    const table = new IdTable<Item>();
    for (const id of ['1', '2', '3']) table.set(id, item(id));
    const seen: string[] = [];
    for (const value of table.values()) {
      seen.push(value.id);
      table.take('2');
    }
    expect(seen).toEqual(['1', '3']);
  });

  it('treats ids that name Object.prototype members as plain ids', () => {
    const table = new IdTable<Item>();
    expect(table.get('constructor')).toBeUndefined();
    expect(table.take('toString')).toBeUndefined();
    table.set('__proto__', item('__proto__'));
    expect(table.get('__proto__')?.id).toBe('__proto__');
    expect(table.size).toBe(1);
  });

  it('clears, returning what it held in order', () => {
    const table = new IdTable<Item>();
    for (const id of ['1', '2']) table.set(id, item(id));
    expect(table.clear().map((value) => value.id)).toEqual(['1', '2']);
    expect(table.size).toBe(0);
    expect(idsOf(table)).toEqual([]);
  });
});
