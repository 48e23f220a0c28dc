/** `screen`: the live view (needs a terminal); `text` and `json`: a snapshot every interval. The list `-o` takes. */
export const TOP_VIEWS = ['screen', 'text', 'json'] as const;
export type TopView = (typeof TOP_VIEWS)[number];
