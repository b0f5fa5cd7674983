import { describe, expect, it } from 'vitest';
import { decodeText, readTextFile } from './text-file';

const enc = (s: string) => new TextEncoder().encode(s);

describe('decodeText', () => {
  it('reads UTF-8 (with a BOM too), UTF-16 with a BOM, CJK and emoji', () => {
    expect(decodeText(enc('Hello, wörld! 你好 👋\n\tTabs ok'))).toBe('Hello, wörld! 你好 👋\n\tTabs ok');
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...enc('bom')]))).toBe('bom');
    const u16 = new Uint8Array([0xff, 0xfe, ...new Uint8Array(new Uint16Array([...'hi 你'].map((c) => c.charCodeAt(0))).buffer)]);
    expect(decodeText(u16)).toBe('hi 你');
  });
  it('refuses binary data', () => {
    expect(decodeText(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]))).toBeNull(); // PNG
    expect(decodeText(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]))).toBeNull(); // zip (NUL)
    expect(decodeText(new Uint8Array([0xc3, 0x28, 0x41]))).toBeNull(); // invalid UTF-8
    const noisy = new Uint8Array(200).map((_, i) => (i % 10 === 0 ? 1 : 65));
    expect(decodeText(noisy)).toBeNull(); // 10 % control characters
  });
});

describe('readTextFile', () => {
  it('gives a specific message for binary, empty and whitespace-only files', async () => {
    await expect(readTextFile(new File([new Uint8Array([0, 1, 2, 255, 254, 0])], 'garbage.txt'))).rejects.toThrow('“garbage.txt” does not look like text');
    await expect(readTextFile(new File([], 'empty.md'))).rejects.toThrow('“empty.md” is empty (0 bytes).');
    await expect(readTextFile(new File(['  \n '], 'blank.txt'))).rejects.toThrow('only whitespace');
    await expect(readTextFile(new File(['# Title\n\nBody'], 'notes.md'))).resolves.toBe('# Title\n\nBody');
  });
});
