/**
 * Parse workers as the page lends them, for unit tests: the parse API served behind one end of
 * each MessageChannel (comlink, structured clones); `calls` records each part read, as
 * `name:start-end` or `name:whole`.
 */
import * as Comlink from 'comlink';
import { parseApi } from '../../../workers/parse-api';

export function lend(count: number, calls: string[]): MessagePort[] {
  return Array.from({ length: count }, () => {
    const channel = new MessageChannel();
    const counted = {
      ...parseApi,
      readPart: (...args: Parameters<typeof parseApi.readPart>) => {
        calls.push(`${args[1]}:${args[2]?.join('-') ?? 'whole'}`);
        return parseApi.readPart(...args);
      },
    };
    Comlink.expose(counted, channel.port1);
    return channel.port2;
  });
}
