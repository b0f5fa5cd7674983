import { describe, expect, it } from 'vitest';
import { hubAllowed, parseHubHost } from './settings';

describe('the hub address', () => {
  it('takes https addresses, with a trailing slash added', () => {
    expect(parseHubHost('https://huggingface.co')).toEqual({ url: 'https://huggingface.co/' });
    expect(parseHubHost(' https://mirror.example.org/hf/ ')).toEqual({ url: 'https://mirror.example.org/hf/' });
  });
  it('refuses plain http, other schemes, junk and credentials, saying why', () => {
    expect(parseHubHost('http://huggingface.co/')).toMatchObject({ error: expect.stringMatching(/must start with https:\/\/ \(not http:\/\/\)/) });
    expect(parseHubHost('ftp://x.org/')).toMatchObject({ error: expect.stringMatching(/https/) });
    expect(parseHubHost('huggingface')).toMatchObject({ error: expect.stringMatching(/Not a web address/) });
    expect(parseHubHost('https://user:pw@x.org/')).toMatchObject({ error: expect.stringMatching(/user name/) });
  });
});

describe('the Content-Security-Policy origins', () => {
  it('match the Hub, its download hosts, and nothing else', () => {
    expect(hubAllowed('https://huggingface.co/')).toBe(true);
    expect(hubAllowed('https://cdn-lfs.hf.co/x')).toBe(true);
    expect(hubAllowed('https://mirror.example.org/')).toBe(false);
    expect(hubAllowed('https://hf.co.evil.org/')).toBe(false);
    expect(hubAllowed('https://huggingface.co/', [])).toBe(false);
  });
});
