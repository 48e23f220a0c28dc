/**
 * End-to-end acceptance of a compiled selection: what the broker delivers for the subscribed
 * filters, and what the client-side test then keeps.
 */
import type { CompiledTopics } from '../../../src/topics/compile.js';
import { compileFilterMatcher } from '../../../src/topics/mqtt-filter.js';
import { parseTopic } from '../../../src/topics/parse.js';

export function isSelected(compiled: CompiledTopics, topic: string): boolean {
  return compiled.filters.some((f) => compileFilterMatcher(f)(topic)) &&
    (compiled.accepts === null || compiled.accepts(topic, parseTopic(topic)));
}
