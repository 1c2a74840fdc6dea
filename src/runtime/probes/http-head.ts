/**
 * What the http probe decides on: the status of the final response, read from the first
 * bytes the server sent (latin1, as HTTP/1.x heads are). Interim 1xx responses (100
 * Continue, 103 Early Hints) come before the final one, each with its own header block,
 * and are skipped. Pure: the prober feeds it what it has received so far.
 */
export type ResponseHead = { kind: 'status'; status: number } | { kind: 'incomplete' } | { kind: 'invalid' };

/** `HTTP/1.1 200 ` or `HTTP/1.0 404\r`: the version, the three-digit code, then a space or the line's end. */
const STATUS_LINE = /^HTTP\/\d\.\d (\d{3})[ \r\n]/;
const STATUS_LINE_LENGTH = 'HTTP/1.1 200 '.length;
/** Each character of a status line's start, as a class: a shorter answer is complete only if it fits. */
const STATUS_PREFIX = ['H', 'T', 'T', 'P', '/', 'd', '.', 'd', ' ', 'd', 'd', 'd'] as const;
const INCOMPLETE: ResponseHead = { kind: 'incomplete' };
const INVALID: ResponseHead = { kind: 'invalid' };

export function readStatus(received: string): ResponseHead {
  let rest = received;
  for (;;) {
    if (rest.length < STATUS_LINE_LENGTH) return fitsStatusLine(rest) ? INCOMPLETE : INVALID;
    const match = STATUS_LINE.exec(rest);
    if (!match) return INVALID;
    const status = Number(match[1]);
    // 101 ends the exchange too (a protocol switch nobody asked for is not healthy).
    if (status < 100 || status >= 200 || status === 101) return { kind: 'status', status };
    const end = rest.indexOf('\r\n\r\n');
    if (end === -1) return INCOMPLETE;
    rest = rest.slice(end + 4);
  }
}

function fitsStatusLine(start: string): boolean {
  for (let i = 0; i < start.length; i++) {
    const expected = STATUS_PREFIX[i]!;
    const char = start[i]!;
    if (expected === 'd' ? char < '0' || char > '9' : char !== expected) return false;
  }
  return true;
}
