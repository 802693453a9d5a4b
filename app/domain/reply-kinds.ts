/** What a reply can be, and the upload cap: shared by the forms (server) and the pages (browser), without zod. */
export const REPLY_KINDS = ["acknowledgement", "holding", "referral", "substantive"] as const;
export const REPLY_FILE_MAX_BYTES = 10 * 1024 * 1024;
