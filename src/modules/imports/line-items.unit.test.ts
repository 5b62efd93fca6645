import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LineGrouper } from '#src/modules/imports/line-items.ts';

const row = (line: number, ...cells: string[]) => ({ line, cells });

async function grouped(grouper: LineGrouper) {
  const groups: Record<string, number[]> = {};
  for await (const group of grouper.groups()) {
    expect(groups[group.ref]).toBeUndefined();
    groups[group.ref] = group.rows.map((r) => r.line);
  }
  return groups;
}

describe('grouping the lines of a line-item file by ref', () => {
  it('groups lines anywhere in the file, keeping their order, in memory while few', async () => {
    const grouper = new LineGrouper();
    for (const [line, ref] of [
      [2, 'A'],
      [3, 'B'],
      [4, 'A'],
      [5, 'C'],
      [6, 'B'],
      [7, 'A'],
    ] as const)
      await grouper.add(ref, row(line, ref, `cell ${line}`));
    expect(grouper.spilled).toBe(false);
    expect(await grouped(grouper)).toEqual({ A: [2, 4, 7], B: [3, 6], C: [5] });
    await grouper.dispose();
  });

  it('spills sorted runs past its memory budget and merges them into whole orders, in ref order', async () => {
    const grouper = new LineGrouper({ memoryRows: 50 });
    const expected: Record<string, number[]> = {};
    for (let line = 2; line < 1002; line++) {
      const ref = `O${(line * 7919) % 137}`;
      (expected[ref] ??= []).push(line);
      await grouper.add(ref, row(line, ref, '张三, "quoted"\nnew line'));
    }
    expect(grouper.spilled).toBe(true);
    const groups: Record<string, number[]> = {};
    const refs: string[] = [];
    let cells: string[] | undefined;
    for await (const group of grouper.groups()) {
      expect(groups[group.ref]).toBeUndefined();
      groups[group.ref] = group.rows.map((r) => r.line);
      refs.push(group.ref);
      cells ??= group.rows[0]!.cells;
    }
    expect(groups).toEqual(expected);
    expect(refs).toEqual(Object.keys(expected).sort());
    expect(cells![1]).toBe('张三, "quoted"\nnew line');
    await grouper.dispose();
  });

  it('removes its spill files when disposed, also when stopped early', async () => {
    const grouper = new LineGrouper({ memoryRows: 1 });
    for (let line = 2; line < 10; line++) await grouper.add(`R${line % 3}`, row(line, 'x'));
    const dir = grouper.spillDirectory!;
    expect(existsSync(dir)).toBe(true);
    await grouper.dispose();
    expect(existsSync(dir)).toBe(false);
    expect(grouper.spilled).toBe(false);
  });
});
