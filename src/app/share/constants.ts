/** Names the page and the service worker share for the Web Share Target (no imports: the service worker bundles this). */
/** The cache the service worker keeps shares in until the page takes them, and their URLs under the scope. */
export const SHARE_CACHE = 'share-inbox-v1';
export const SHARE_PATH = 'share-inbox/';
/** The manifest's share_target action (relative to the scope). */
export const SHARE_ACTION = 'share-target';
