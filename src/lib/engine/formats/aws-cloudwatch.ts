/**
 * AWS VPC flow logs read from CloudWatch Logs (FORMATS.md §5.1): the JSON of
 * `aws logs get-log-events` / `filter-log-events` (`{"events":[{"message": …}]}`), a
 * subscription's `{"logEvents":[…]}` delivered by Firehose, or one event per line. Each
 * message is a VPC flow log record, read as aws-vpc reads a line; CloudWatch stores no header,
 * so a custom log format is read in the default (v2) field order.
 */
import {
  badRecord,
  isObject,
  parseJsonLine,
  str,
  type LineParser,
  type ParseContext,
} from './common';
import { awsVpcParser } from './aws-vpc';

type Obj = Record<string, unknown>;

/** A VPC flow log record: an ENI id and an action or log status among its fields. */
export function isVpcFlowMessage(message: string): boolean {
  return /\beni-[0-9a-f]+\b/.test(message) && /\b(ACCEPT|REJECT|NODATA|SKIPDATA)\b/.test(message);
}

/** The log events of one JSON value: an export's `events`, a subscription's `logEvents`, or one event. */
export function cloudwatchEvents(o: Obj): unknown[] | null {
  if (Array.isArray(o.events)) return o.events;
  if (Array.isArray(o.logEvents)) return o.logEvents;
  return typeof o.message === 'string' && ('timestamp' in o || 'ingestionTime' in o) ? [o] : null;
}

export function awsCloudwatchParser(ctx: ParseContext): LineParser {
  const vpc = awsVpcParser(ctx);
  return (text, line) => {
    const o = parseJsonLine(ctx, text, line);
    if (o === undefined) return;
    const events = isObject(o) ? cloudwatchEvents(o) : null;
    if (!events) return badRecord(ctx, line, 'CloudWatch JSON without log events');
    for (const [i, ev] of events.entries()) {
      const message = isObject(ev) ? str(ev.message) : undefined;
      if (message && isVpcFlowMessage(message)) vpc(message, line);
      else badRecord(ctx, line, `CloudWatch log event ${i} is not a VPC flow log record`);
    }
  };
}

/**
 * A CloudWatch Logs JSON value: 'vpc' when its first message is a VPC flow log record,
 * `other` (with that message) when it is another log, null when it is not CloudWatch JSON.
 */
export function cloudwatchKind(o: Obj): { kind: 'vpc' | 'other'; first: string } | null {
  const events = cloudwatchEvents(o);
  if (!events) return null;
  const first: unknown = events[0];
  const message = isObject(first) && typeof first.message === 'string' ? first.message : '';
  if (!isObject(first) && events.length > 0) return null;
  return { kind: message === '' || isVpcFlowMessage(message) ? 'vpc' : 'other', first: message };
}
