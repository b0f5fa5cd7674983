import { describe, expect, it } from 'vitest';
import { sortShared } from './inbox';

const file = (name: string, type: string, body = 'x') => new File([body], name, { type });

describe('sorting what was shared', () => {
  it('images win: other files are listed as left out', async () => {
    const s = await sortShared({ files: [file('a.jpg', 'image/jpeg'), file('b.pdf', 'application/pdf'), file('c.txt', 'text/plain')], text: 'hi' });
    expect(s.kind).toBe('image');
    expect(s.files.map((f) => f.name)).toEqual(['a.jpg']);
    expect(s.refused).toEqual(['b.pdf', 'c.txt']);
  });
  it('recognises images and text files by extension when the type is missing', async () => {
    expect((await sortShared({ files: [file('scan.PNG', '')], text: '' })).kind).toBe('image');
    const t = await sortShared({ files: [file('notes.md', '', '# Notes')], text: '' });
    expect([t.kind, t.text]).toEqual(['text', '# Notes']);
  });
  it('joins shared text and text files', async () => {
    const s = await sortShared({ files: [file('a.txt', 'text/plain', 'second')], text: ' first ' });
    expect([s.kind, s.text]).toEqual(['text', 'first\n\nsecond']);
  });
  it('nothing it can open: no kind, the files named', async () => {
    const s = await sortShared({ files: [file('x.zip', 'application/zip')], text: '  ' });
    expect([s.kind, s.refused]).toEqual([null, ['x.zip']]);
  });
});
