// Server-Sent Events on the wire: https://html.spec.whatwg.org/multipage/server-sent-events.html

/** The response headers of an event stream. */
export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-store',
  // Tells a buffering reverse proxy (nginx) to pass each event on as it is written.
  'x-accel-buffering': 'no',
} as const;

/** One event: its type, and its data as one line of JSON. */
export function sseEvent(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
