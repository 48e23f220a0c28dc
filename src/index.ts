/**
 * jetsub as a library: the same core as the `jetsub` command line.
 *
 *   import { subscribe } from 'jetsub';
 *   for await (const record of subscribe({ host: '192.0.2.1', topics: { ifd: ['ge-0/0/*'] } })) { … }
 */
export { subscribe, type SubscribeOptions, type SubscribeRecord } from './library/subscribe.js';
export { validateEvent } from './library/validate-event.js';
export { compileTopicFilters, type CompiledTopics, type NameArg, type TopicSelection } from './topics/compile.js';
export { parseTopic, type ParsedTopic } from './topics/parse.js';
export { compileTopicPrefix } from './topics/prefix.js';
export { ACTIONS, CATALOG, FAMILIES, KINDS, SEVERITIES, type Action, type Kind, type KindInfo } from './topics/catalog.js';
export { decodePayload, unwrapEvent, type Decoded } from './decode/index.js';
export type { Verdict } from './validate/index.js';
export { ConnectionError, JetsubError, UsageError, EXIT } from './errors.js';
export type { EventRecord, GapRecord, StreamRecord, TopicFields, ValidationIssue, JetEvent } from './record.js';
export type * from './events.js';
