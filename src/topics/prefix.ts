/**
 * Fleet topics: a central broker that bridges many routers usually puts each one under a
 * prefix (`fleet/mx1/junos/events/...`). `--topic-prefix 'fleet/{device}'` subscribes under
 * the prefix and takes the device from the `{device}` level; `--share <group>` turns every
 * filter into an MQTT 5 shared subscription. Pure.
 */
import { usageError } from '../errors.js';
import { SINGLE_LEVEL } from './mqtt-filter.js';

export const DEVICE_PLACEHOLDER = '{device}';

export interface TopicPrefix {
  /** A Junos filter (`/junos/events/#`) → the filter to subscribe under the prefix. */
  wrap(filter: string): string;
  /** A received topic → its device (when the prefix names one) and the Junos topic; null when it is not under the prefix. */
  unwrap(topic: string): { device: string | undefined; topic: string } | null;
}

const NO_PREFIX: TopicPrefix = { wrap: (filter) => filter, unwrap: (topic) => ({ device: undefined, topic }) };

export function compileTopicPrefix(pattern: string | undefined): TopicPrefix {
  if (pattern === undefined) return NO_PREFIX;
  const levels = pattern.split('/');
  const deviceLevel = levels.indexOf(DEVICE_PLACEHOLDER);
  const problem = levels.some((l) => l === '') ? 'it has an empty level (no leading, trailing or double /)'
    : levels.some((l) => /[+#]/.test(l)) ? 'MQTT wildcards are not allowed in it'
    : levels.some((l, i) => l.includes('{') && i !== deviceLevel) || levels.lastIndexOf(DEVICE_PLACEHOLDER) !== deviceLevel
      ? `${DEVICE_PLACEHOLDER} must be a whole level, once`
      : null;
  if (problem) {
    throw usageError(`--topic-prefix '${pattern}'`, problem, "e.g. --topic-prefix 'fleet/{device}' for fleet/mx1/junos/events/...");
  }
  const filterPrefix = levels.map((l, i) => (i === deviceLevel ? SINGLE_LEVEL : l)).join('/');
  return {
    // The Junos topic keeps its leading slash after the prefix: fleet/mx1 + /junos/events/...
    wrap: (filter) => `${filterPrefix}${filter.startsWith('/') ? '' : '/'}${filter}`,
    unwrap(topic) {
      const parts = topic.split('/', levels.length);
      for (let i = 0; i < levels.length; i++) {
        if (i !== deviceLevel && parts[i] !== levels[i]) return null;
      }
      const head = parts.join('/').length;
      if (topic.length > head && topic[head] !== '/') return null;
      return { device: deviceLevel < 0 ? undefined : parts[deviceLevel], topic: topic.slice(head) };
    },
  };
}

export function shareFilter(group: string | undefined, filter: string): string {
  return group === undefined ? filter : `$share/${group}/${filter}`;
}

export function checkShareGroup(group: string): string {
  if (group === '' || /[/+#]/.test(group)) {
    throw usageError(`--share '${group}'`, 'a share group is one topic level without / + #', 'e.g. --share jetsub-workers');
  }
  return group;
}
