import { useEffect, useMemo } from 'react';

/** Object URLs for showing the user's files, revoked when the files change or the panel closes. */
export function useObjectUrls(files: readonly Blob[]): string[] {
  const urls = useMemo(() => files.map((f) => URL.createObjectURL(f)), [files]);
  useEffect(() => () => urls.forEach((u) => URL.revokeObjectURL(u)), [urls]);
  return urls;
}
