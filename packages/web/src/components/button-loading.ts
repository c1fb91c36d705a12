/**
 * Button spinner only when a request takes a noticeable time: fast answers do not flicker, and antd's
 * loading icon (whose leave animation can linger in the DOM as "loading") is not mounted at all.
 */
export const BUTTON_LOADING = { delay: 250 } as const;
